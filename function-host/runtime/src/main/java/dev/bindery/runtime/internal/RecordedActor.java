package dev.bindery.runtime.internal;

import java.util.ArrayList;
import java.util.List;

import dev.bindery.internal.actors.ActorAddress;

/** An actor type as discovered at build time, in a form the Quarkus recorder can carry to run time. */
public class RecordedActor {

    private String name;
    private String className;
    private List<String> methods = new ArrayList<>();

    public RecordedActor() {
    }

    public RecordedActor(String name, String className, List<String> methods) {
        this.name = name;
        this.className = className;
        this.methods = new ArrayList<>(methods);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getClassName() {
        return className;
    }

    public void setClassName(String className) {
        this.className = className;
    }

    public List<String> getMethods() {
        return methods;
    }

    public void setMethods(List<String> methods) {
        this.methods = methods;
    }

    /** @return the function names of its methods, {@code <type>.<method>} */
    public List<String> functionNames() {
        return methods.stream().map(method -> ActorAddress.function(name, method)).toList();
    }
}
