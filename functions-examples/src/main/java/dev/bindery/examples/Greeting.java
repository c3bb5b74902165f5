package dev.bindery.examples;

/** Who to greet. */
public class Greeting {

    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
