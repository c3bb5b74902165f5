/** Virtual actors: what a host provides to the actor runtime (sending a call to the member that owns an actor). */
package dev.bindery.spi.actors;
