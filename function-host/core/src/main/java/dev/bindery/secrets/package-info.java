/**
 * Secrets from configured stores ({@code bindery.secrets.<store>.type=env|file|kubernetes-dir|kubernetes|
 * aws-secrets-manager|aws-ssm|vault}): inject {@link dev.bindery.secrets.Secrets}, or one value with
 * {@link dev.bindery.secrets.Secret}. A secret has a name and holds one or more keys, each with a string value.
 * <p>
 * Every call checks the store's scoping (and the calling function's, when it has its own list) and is answered from a
 * per-store cache. A rotated secret is announced as a {@link dev.bindery.secrets.SecretRotated} CDI event.
 */
package dev.bindery.secrets;
