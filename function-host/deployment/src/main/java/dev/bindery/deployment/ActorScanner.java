package dev.bindery.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import dev.bindery.runtime.internal.RecordedActor;

/**
 * Finds the {@code @Actor} classes in the application index and checks that each can be hosted: a valid, unique type
 * name, a public concrete class, and methods called by name (each name once) that take what a function takes (one data
 * parameter at most, plus an {@code ActorContext} and/or {@code EventContext}); an actor method's function name
 * ({@code <type>.<method>}) may not be a function's. Plain Jandex, no build items, so it is tested on its own.
 */
public final class ActorScanner {

    static final DotName ACTOR = DotName.createSimple("dev.bindery.actors.Actor");
    static final DotName ACTOR_CONTEXT = DotName.createSimple("dev.bindery.actors.ActorContext");
    static final DotName LIFECYCLE = DotName.createSimple("dev.bindery.actors.ActorLifecycle");
    private static final DotName OBJECT = DotName.createSimple(Object.class.getName());
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final Set<String> LIFECYCLE_METHODS = Set.of("onActivate", "onDeactivate");

    private ActorScanner() {
    }

    /**
     * @param functionNames the application's function names, which no actor method's may repeat
     * @return the actor types, in a stable order
     * @throws InvalidFunctionException listing every problem found
     */
    public static List<RecordedActor> scan(IndexView index, Collection<String> functionNames) {
        List<String> problems = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        List<RecordedActor> actors = new ArrayList<>();
        List<AnnotationInstance> annotations = new ArrayList<>(index.getAnnotations(ACTOR));
        annotations.removeIf(a -> a.target().kind() != AnnotationTarget.Kind.CLASS);
        annotations.sort((a, b) -> a.target().asClass().name().compareTo(b.target().asClass().name()));
        for (AnnotationInstance annotation : annotations) {
            ClassInfo actorClass = annotation.target().asClass();
            int before = problems.size();
            String name = annotation.value() == null || annotation.value().asString().isEmpty()
                    ? actorClass.simpleName()
                    : annotation.value().asString();
            String where = "Actor class " + actorClass.name();
            if (!TYPE_NAME.matcher(name).matches()) {
                problems.add(where + " has type name '" + name + "': a type name is 1 to 256 letters, digits, '-', "
                        + "'_' or '.'; name it with @Actor(\"...\")");
            }
            String previous = types.putIfAbsent(name, actorClass.name().toString());
            if (previous != null) {
                problems.add("Actor classes " + previous + " and " + actorClass.name() + " are both type '" + name
                        + "': give one of them another name with @Actor(\"...\")");
            }
            if (actorClass.isInterface() || Modifier.isAbstract(actorClass.flags())
                    || !Modifier.isPublic(actorClass.flags())
                    || actorClass.nestingType() == ClassInfo.NestingType.INNER && !Modifier.isStatic(actorClass.flags())) {
                problems.add(where + " is not a public concrete class: the host makes an instance per actor, so make "
                        + "it public, not abstract, and static when nested");
            }
            Map<String, MethodInfo> methods = methods(index, actorClass, problems);
            for (MethodInfo method : methods.values()) {
                FunctionScanner.checkSignature(index, method, "Actor method", List.of(ACTOR_CONTEXT,
                        FunctionScanner.EVENT_CONTEXT), problems);
                String function = name + "." + method.name();
                if (functionNames.contains(function)) {
                    problems.add("Actor method " + FunctionScanner.describe(method) + " is function '" + function
                            + "', which is also the name of a function: rename the function with @Funq(\"...\") or "
                            + "the actor type with @Actor(\"...\")");
                }
            }
            if (methods.isEmpty()) {
                problems.add(where + " has no public methods: an actor is called through its public methods");
            }
            if (problems.size() == before) {
                actors.add(new RecordedActor(name, actorClass.name().toString(), List.copyOf(methods.keySet())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFunctionException(problems);
        }
        return actors;
    }

    /**
     * @return the actor methods by name: the public instance methods of the class and its superclasses (not
     *         {@code Object}'s), except the lifecycle callbacks; a name declared twice (an overload) is a problem
     */
    private static Map<String, MethodInfo> methods(IndexView index, ClassInfo actorClass, List<String> problems) {
        Map<String, MethodInfo> methods = new LinkedHashMap<>();
        boolean lifecycle = implementsLifecycle(index, actorClass);
        for (ClassInfo current = actorClass; current != null && !current.name().equals(OBJECT); current = index
                .getClassByName(current.superName())) {
            for (MethodInfo method : current.methods()) {
                if (!Modifier.isPublic(method.flags()) || Modifier.isStatic(method.flags()) || method.isConstructor()
                        || method.isStaticInitializer() || method.isSynthetic() || isBridge(method)
                        || lifecycle && isLifecycle(method)) {
                    continue;
                }
                MethodInfo previous = methods.get(method.name());
                if (previous == null) {
                    methods.put(method.name(), method);
                } else if (!overrides(previous, method)) {
                    problems.add("Actor class " + actorClass.name() + " has two methods named '" + method.name()
                            + "' (" + FunctionScanner.describe(previous) + " and " + FunctionScanner.describe(method)
                            + "): an actor's methods are called by name, so give each its own name");
                }
            }
        }
        return methods;
    }

    /** A subclass's method overriding its superclass's is one actor method. */
    private static boolean overrides(MethodInfo sub, MethodInfo sup) {
        return !sub.declaringClass().name().equals(sup.declaringClass().name())
                && sub.parameterTypes().equals(sup.parameterTypes());
    }

    private static boolean isBridge(MethodInfo method) {
        return (method.flags() & 0x0040) != 0;
    }

    private static boolean isLifecycle(MethodInfo method) {
        return LIFECYCLE_METHODS.contains(method.name()) && method.parametersCount() == 1
                && method.parameterType(0).name().equals(ACTOR_CONTEXT);
    }

    private static boolean implementsLifecycle(IndexView index, ClassInfo actorClass) {
        for (ClassInfo current = actorClass; current != null; current = current.superName() == null
                ? null
                : index.getClassByName(current.superName())) {
            if (current.interfaceNames().contains(LIFECYCLE)) {
                return true;
            }
        }
        return false;
    }
}
