package dev.bindery.secrets.vault;

/** The KV version 2 paths of one store: its mount and name prefix, and which names are secret names. */
record VaultPaths(String mount, String prefix) {

    /**
     * @param mount the engine's mount, slashes at either end ignored
     * @param prefix the name prefix, empty or a folder: a trailing slash is added when missing
     */
    static VaultPaths of(String mount, String prefix) {
        String folder = trim(prefix);
        return new VaultPaths(trim(mount), folder.isEmpty() ? "" : folder + "/");
    }

    /** @return the path that reads the latest version of the secret */
    String data(String name) {
        return mount + "/data/" + prefix + name;
    }

    /** @return the path that lists a folder ({@code ""} or ending with a slash) below the prefix */
    String metadata(String folder) {
        return mount + "/metadata/" + prefix + folder;
    }

    /**
     * @return whether the name can be a secret's: not empty, not a folder, and no empty, {@code .} or {@code ..} segment
     *         (which would leave the prefix)
     */
    static boolean isSecretName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    static String trim(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
