package dev.bindery.deployment;

import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkus.runtime.configuration.DurationConverter;

import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.routing.AttributeCondition;
import dev.bindery.internal.routing.CesqlCondition;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.internal.routing.RouteTable;
import dev.bindery.internal.routing.RouteTable.Route;
import dev.bindery.runtime.internal.RecordedFunction;

/**
 * Finds the {@code @Funq} methods in the application index, checks that each can be hosted (visibility, parameters,
 * return type, filters, unambiguous routing) and describes them for the recorder. Plain Jandex, no build items, so
 * it is tested on its own.
 */
public final class FunctionScanner {

    static final DotName FUNQ = DotName.createSimple("io.quarkus.funqy.Funq");
    static final DotName FUNQY_CONTEXT = DotName.createSimple("io.quarkus.funqy.Context");
    static final DotName ON_EVENT = DotName.createSimple("dev.bindery.function.OnEvent");
    static final DotName ON_EVENT_LIST = DotName.createSimple("dev.bindery.function.OnEvent$List");
    static final DotName ON_TOPIC = DotName.createSimple("dev.bindery.pubsub.OnTopic");
    static final DotName ON_BINDING = DotName.createSimple("dev.bindery.binding.OnBinding");
    static final DotName DELIVERY = DotName.createSimple("dev.bindery.function.Delivery");
    static final DotName REPLY_WITH = DotName.createSimple("dev.bindery.function.ReplyWith");
    static final DotName EVENT_CONTEXT = DotName.createSimple("dev.bindery.function.EventContext");
    static final DotName BLOCKING = DotName.createSimple("io.smallrye.common.annotation.Blocking");
    static final DotName NON_BLOCKING = DotName.createSimple("io.smallrye.common.annotation.NonBlocking");
    static final DotName VIRTUAL = DotName.createSimple("io.smallrye.common.annotation.RunOnVirtualThread");
    static final Set<String> ASYNC_RETURNS = Set.of("io.smallrye.mutiny.Uni", "java.util.concurrent.CompletionStage",
            "java.util.concurrent.CompletableFuture");
    static final Set<String> STREAM_RETURNS = Set.of("io.smallrye.mutiny.Multi", "org.reactivestreams.Publisher",
            "java.util.concurrent.Flow$Publisher", "java.util.stream.Stream");
    /** Interfaces Jackson binds to a concrete type, and the two event types the host supplies itself. */
    static final Set<String> BINDABLE_INTERFACES = Set.of("java.util.List", "java.util.Collection", "java.util.Set",
            "java.util.Map", "com.fasterxml.jackson.databind.JsonNode", "io.cloudevents.CloudEvent");
    /** Packages whose types never come from event data. */
    static final List<String> UNBINDABLE_PACKAGES = List.of("io.vertx.", "io.smallrye.mutiny.", "java.io.",
            "java.util.concurrent.", "jakarta.ws.rs.", "io.quarkus.");

    private FunctionScanner() {
    }

    /**
     * @return the functions, in a stable order
     * @throws InvalidFunctionException listing every problem found
     */
    public static List<RecordedFunction> scan(IndexView index) {
        List<String> problems = new ArrayList<>();
        Map<String, String> boundTo = new HashMap<>();
        List<RecordedFunction> functions = new ArrayList<>();
        Map<String, String> methodsByName = new HashMap<>();
        List<Route<Void>> routes = new ArrayList<>();
        List<AnnotationInstance> funqs = new ArrayList<>(index.getAnnotations(FUNQ));
        funqs.sort((a, b) -> describe(a.target().asMethod()).compareTo(describe(b.target().asMethod())));
        for (AnnotationInstance funq : funqs) {
            if (funq.target().kind() != AnnotationTarget.Kind.METHOD) {
                continue;
            }
            MethodInfo method = funq.target().asMethod();
            int before = problems.size();
            String name = funq.value() == null || funq.value().asString().isEmpty()
                    ? method.name()
                    : funq.value().asString();
            checkMethod(index, method, problems);
            List<EventFilter> filters = filters(method, name, problems);
            String replyType = stringValue(method.declaredAnnotation(REPLY_WITH), "type");
            String replySource = stringValue(method.declaredAnnotation(REPLY_WITH), "source");
            checkUri(method, replySource, problems);
            ExecutionMode mode = executionMode(method, problems);
            String previous = methodsByName.putIfAbsent(name, describe(method));
            if (previous != null) {
                problems.add("Functions " + previous + " and " + describe(method) + " are both named '" + name
                        + "': give one of them another name with @Funq(\"...\")");
            }
            if (problems.size() > before) {
                continue;
            }
            for (EventFilter filter : filters) {
                routes.add(new Route<>(name, filter, null));
            }
            RecordedFunction recorded = record(method, name, filters, mode, replyType, replySource);
            recorded.setFiltered(!onEvents(method).isEmpty());
            AnnotationInstance onTopic = method.declaredAnnotation(ON_TOPIC);
            if (onTopic != null) {
                String topic = stringValue(onTopic, "topic");
                String pubsub = stringValue(onTopic, "pubsub");
                String deadLetter = stringValue(onTopic, "deadLetterTopic");
                if (topic == null || topic.isBlank()) {
                    problems.add("Function " + describe(method) + " has @OnTopic without a topic: name the topic");
                    continue;
                }
                recorded.setTopic(topic);
                recorded.setPubsub(pubsub == null || pubsub.isEmpty() ? "default" : pubsub);
                recorded.setDeadLetterTopic(deadLetter == null || deadLetter.isEmpty() ? topic + "-dlq" : deadLetter);
            }
            AnnotationInstance onBinding = method.declaredAnnotation(ON_BINDING);
            if (onBinding != null) {
                String binding = stringValue(onBinding, "value");
                if (binding == null || binding.isBlank()) {
                    problems.add("Function " + describe(method) + " has @OnBinding without a binding: name the binding"
                            + " configured as bindery.bindings.<name>.*");
                    continue;
                }
                String alsoBound = boundTo.putIfAbsent(binding, describe(method));
                if (alsoBound != null) {
                    problems.add("Functions " + alsoBound + " and " + describe(method) + " are both triggered by "
                            + "binding '" + binding + "': a binding triggers one function; configure a second binding");
                    continue;
                }
                recorded.setBinding(binding);
            }
            if (!delivery(method, recorded, problems)) {
                continue;
            }
            functions.add(recorded);
        }
        problems.addAll(RouteTable.ambiguities(routes));
        if (!problems.isEmpty()) {
            throw new InvalidFunctionException(problems);
        }
        return functions;
    }

    private static void checkMethod(IndexView index, MethodInfo method, List<String> problems) {
        String where = describe(method);
        if (!Modifier.isPublic(method.flags()) || !Modifier.isPublic(method.declaringClass().flags())) {
            problems.add("Function " + where + " is not public: make the method and its class public, since the host"
                    + " calls it from outside the class");
        }
        checkSignature(index, method, "Function", List.of(EVENT_CONTEXT), problems);
    }

    /**
     * Checks what a function or an actor method takes and returns: at most one data parameter of a type Jackson can
     * bind, at most one of each context type, and one value rather than a stream.
     *
     * @param what how the messages name the method: {@code Function} or {@code Actor method}
     * @param contexts the parameter types the host supplies (not data)
     */
    static void checkSignature(IndexView index, MethodInfo method, String what, List<DotName> contexts,
            List<String> problems) {
        String where = describe(method);
        Map<DotName, Integer> contextCounts = new HashMap<>();
        List<String> data = new ArrayList<>();
        for (int i = 0; i < method.parametersCount(); i++) {
            Type type = method.parameterType(i);
            String param = method.parameterName(i) == null ? "#" + i : method.parameterName(i);
            if (hasParameterAnnotation(method, i, FUNQY_CONTEXT)) {
                problems.add(what + " " + where + " parameter '" + param + "' uses Funqy's @Context: declare a "
                        + "dev.bindery.function.EventContext parameter instead");
                continue;
            }
            if (contexts.contains(type.name())) {
                contextCounts.merge(type.name(), 1, Integer::sum);
                continue;
            }
            data.add(param);
            String unsupported = unsupportedDataType(index, type);
            if (unsupported != null) {
                problems.add(what + " " + where + " parameter '" + param + "' has type " + type + ", which "
                        + unsupported + ": take a class Jackson can bind, String, byte[], JsonNode or CloudEvent");
            }
        }
        if (data.size() > 1) {
            problems.add(what + " " + where + " takes " + data.size() + " data parameters " + data + ": "
                    + ("aeiou".indexOf(Character.toLowerCase(what.charAt(0))) >= 0 ? "an " : "a ")
                    + what.toLowerCase(java.util.Locale.ROOT) + " takes at most one (plus an optional "
                    + contexts.stream().map(c -> c.withoutPackagePrefix()).collect(Collectors.joining(" and/or "))
                    + "); wrap the values in one class");
        }
        contextCounts.forEach((context, count) -> {
            if (count > 1) {
                problems.add(what + " " + where + " takes " + count + " " + context.withoutPackagePrefix()
                        + " parameters: declare one");
            }
        });
        Type returned = method.returnType();
        if (STREAM_RETURNS.contains(returned.name().toString())) {
            problems.add(what + " " + where + " returns a stream (" + returned + "): return one value, a Uni<T> or a "
                    + "CompletionStage<T>; publish several events with the Publisher");
        }
    }

    private static String unsupportedDataType(IndexView index, Type type) {
        switch (type.kind()) {
            case TYPE_VARIABLE :
            case UNRESOLVED_TYPE_VARIABLE :
            case TYPE_VARIABLE_REFERENCE :
            case WILDCARD_TYPE :
                return "is a type variable that cannot be resolved when binding";
            case ARRAY :
            case PRIMITIVE :
                return null;
            default :
        }
        String name = type.name().toString();
        if (BINDABLE_INTERFACES.contains(name)) {
            return null;
        }
        for (String unbindable : UNBINDABLE_PACKAGES) {
            if (name.startsWith(unbindable)) {
                return "is not event data";
            }
        }
        if (name.equals("java.util.Optional")) {
            return "is not bound (absent data arrives as null)";
        }
        ClassInfo info = index.getClassByName(type.name());
        if (info != null && (info.isInterface() || Modifier.isAbstract(info.flags()))
                && info.declaredAnnotation(DotName.createSimple("com.fasterxml.jackson.annotation.JsonTypeInfo")) == null) {
            return "is " + (info.isInterface() ? "an interface" : "abstract") + " without @JsonTypeInfo, so Jackson"
                    + " cannot create it";
        }
        return null;
    }

    private static List<EventFilter> filters(MethodInfo method, String name, List<String> problems) {
        List<EventFilter> filters = new ArrayList<>();
        for (AnnotationInstance onEvent : onEvents(method)) {
            List<String> conditions = new ArrayList<>();
            for (String attribute : List.of("type", "source", "subject")) {
                String value = stringValue(onEvent, attribute);
                if (value != null && !value.isEmpty()) {
                    conditions.add(attribute + "=" + value);
                }
            }
            conditions.addAll(strings(onEvent, "where"));
            List<String> anyOf = strings(onEvent, "any");
            List<String> noneOf = strings(onEvent, "not");
            String sql = stringValue(onEvent, "sql");
            boolean hasSql = sql != null && !sql.isBlank();
            if (conditions.isEmpty() && anyOf.isEmpty() && noneOf.isEmpty() && !hasSql) {
                problems.add("Function " + describe(method) + " has an @OnEvent without conditions: give it a type, "
                        + "source, subject, where, any, not or sql condition, or remove it to route by the function name");
                continue;
            }
            try {
                filters.add(EventFilter.of(parse(conditions), parse(anyOf), parse(noneOf),
                        hasSql ? CesqlCondition.parse(sql) : null));
            } catch (IllegalArgumentException e) {
                problems.add("Function " + describe(method) + ": " + e.getMessage());
            }
        }
        return filters.isEmpty() ? List.of(EventFilter.typeEquals(name)) : filters;
    }

    private static List<String> strings(AnnotationInstance annotation, String attribute) {
        AnnotationValue value = annotation.value(attribute);
        return value == null ? List.of() : List.of(value.asStringArray());
    }

    private static List<AttributeCondition> parse(List<String> conditions) {
        return conditions.stream().map(AttributeCondition::parse).toList();
    }

    /** The method's {@code @OnEvent}s, written once or repeated (then held by {@code @OnEvent.List}). */
    private static List<AnnotationInstance> onEvents(MethodInfo method) {
        List<AnnotationInstance> found = new ArrayList<>();
        AnnotationInstance single = method.declaredAnnotation(ON_EVENT);
        if (single != null) {
            found.add(single);
        }
        AnnotationInstance repeated = method.declaredAnnotation(ON_EVENT_LIST);
        if (repeated != null) {
            found.addAll(List.of(repeated.value().asNestedArray()));
        }
        return found;
    }

    private static ExecutionMode executionMode(MethodInfo method, List<String> problems) {
        boolean blocking = has(method, BLOCKING);
        boolean nonBlocking = has(method, NON_BLOCKING);
        boolean virtual = has(method, VIRTUAL);
        if ((blocking ? 1 : 0) + (nonBlocking ? 1 : 0) + (virtual ? 1 : 0) > 1) {
            problems.add("Function " + describe(method) + " has more than one of @Blocking, @NonBlocking and "
                    + "@RunOnVirtualThread: keep the one that says where it should run");
        }
        if (virtual) {
            return ExecutionMode.VIRTUAL_THREAD;
        }
        if (nonBlocking) {
            return ExecutionMode.EVENT_LOOP;
        }
        if (blocking) {
            return ExecutionMode.WORKER;
        }
        return ASYNC_RETURNS.contains(method.returnType().name().toString())
                ? ExecutionMode.EVENT_LOOP
                : ExecutionMode.WORKER;
    }

    private static boolean has(MethodInfo method, DotName annotation) {
        return method.declaredAnnotation(annotation) != null
                || method.declaringClass().declaredAnnotation(annotation) != null;
    }

    private static void checkUri(MethodInfo method, String source, List<String> problems) {
        if (source == null || source.isEmpty()) {
            return;
        }
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            problems.add("Function " + describe(method) + " has @ReplyWith(source = \"" + source + "\"), which is not "
                    + "a URI reference: " + e.getMessage());
        }
    }

    private static RecordedFunction record(MethodInfo method, String name, List<EventFilter> filters,
            ExecutionMode mode, String replyType, String replySource) {
        RecordedFunction function = new RecordedFunction();
        function.setName(name);
        function.setClassName(method.declaringClass().name().toString());
        function.setMethodName(method.name());
        List<String> parameterTypes = new ArrayList<>();
        for (Type type : method.parameterTypes()) {
            parameterTypes.add(type.kind() == Type.Kind.ARRAY ? binaryArrayName(type) : type.name().toString());
        }
        function.setParameterTypes(parameterTypes);
        function.recordFilters(filters);
        function.setExecutionMode(mode.name());
        function.setReplyType(replyType);
        function.setReplySource(replySource);
        return function;
    }

    /** {@code byte[]} as {@code Class.getName()} spells it: {@code [B}. */
    private static String binaryArrayName(Type type) {
        return type.name().toString().replace('/', '.');
    }

    private static boolean hasParameterAnnotation(MethodInfo method, int position, DotName annotation) {
        for (AnnotationInstance instance : method.annotations(annotation)) {
            if (instance.target().kind() == AnnotationTarget.Kind.METHOD_PARAMETER
                    && instance.target().asMethodParameter().position() == position) {
                return true;
            }
        }
        return false;
    }

    private static String stringValue(AnnotationInstance annotation, String member) {
        if (annotation == null) {
            return null;
        }
        AnnotationValue value = annotation.value(member);
        return value == null ? null : value.asString();
    }

    static String describe(MethodInfo method) {
        return method.declaringClass().name() + "#" + method.name() + "("
                + method.parameterTypes().stream().map(Type::toString).collect(Collectors.joining(", ")) + ")";
    }

    /** {@code @Delivery}'s attributes, checked; false when one is wrong (said in problems). */
    private static boolean delivery(MethodInfo method, RecordedFunction recorded, List<String> problems) {
        AnnotationInstance delivery = method.declaredAnnotation(DELIVERY);
        if (delivery == null) {
            return true;
        }
        int before = problems.size();
        AnnotationValue attempts = delivery.value("retryAttempts");
        if (attempts != null && attempts.asInt() != 0) {
            if (attempts.asInt() < 1) {
                problems.add("Function " + describe(method) + " has @Delivery(retryAttempts = " + attempts.asInt()
                        + "): give the deliveries in all, at least 1");
            }
            recorded.setRetryAttempts(attempts.asInt());
        }
        String delay = stringValue(delivery, "retryInitialDelay");
        if (delay != null && !delay.isEmpty()) {
            try {
                Duration duration = DurationConverter.parseDuration(delay);
                if (duration == null || duration.isNegative()) {
                    throw new IllegalArgumentException("negative");
                }
                recorded.setRetryInitialDelay(duration.toString());
            } catch (RuntimeException e) {
                problems.add("Function " + describe(method) + " has @Delivery(retryInitialDelay = \"" + delay
                        + "\"): give a duration such as 500ms, 2s or PT2S");
            }
        }
        String sink = stringValue(delivery, "deadLetterSink");
        if (sink != null && !sink.isEmpty()) {
            try {
                if (!new URI(sink).isAbsolute()) {
                    throw new URISyntaxException(sink, "not absolute");
                }
                recorded.setDeadLetterSink(sink);
            } catch (URISyntaxException e) {
                problems.add("Function " + describe(method) + " has @Delivery(deadLetterSink = \"" + sink
                        + "\"): give an absolute URI such as http://dead-letters.default.svc.cluster.local");
            }
        }
        return problems.size() == before;
    }
}
