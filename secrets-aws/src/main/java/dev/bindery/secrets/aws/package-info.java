/**
 * Secret stores on AWS: {@code type=aws-secrets-manager} (Secrets Manager) and {@code type=aws-ssm} (SSM Parameter
 * Store), through the AWS SDK v2 with the JDK's URL connection. They only read; the host caches, scopes and refreshes.
 */
package dev.bindery.secrets.aws;
