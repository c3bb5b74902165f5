/**
 * The {@code vault} secret store: HashiCorp Vault's KV version 2 engine over HTTP (the JDK's client), logged in with a
 * token or with Kubernetes auth. The host adds scoping, caching, stale serving and rotation around it.
 */
package dev.bindery.secrets.vault;
