package dev.bindery.secrets.aws;

/** Reads an exception's whole cause chain, as the secret store contract does. */
final class Chains {

    private Chains() {
    }

    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
