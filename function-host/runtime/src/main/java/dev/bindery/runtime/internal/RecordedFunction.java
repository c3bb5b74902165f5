package dev.bindery.runtime.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bindery.internal.routing.EventFilter;

/**
 * A function as discovered at build time, in a form the Quarkus recorder can carry to run time (a bean of strings).
 */
public class RecordedFunction {

    private String name;
    private String className;
    private String methodName;
    private List<String> parameterTypes = new ArrayList<>();
    /** One element per filter; the filter's conditions separated by new lines. */
    private List<String> filters = new ArrayList<>();
    private String executionMode;
    private String replyType;
    private String replySource;
    /** The topic of {@code @OnTopic}, or null when the function subscribes to none. */
    private String topic;
    private String pubsub;
    private String deadLetterTopic;
    /** The input binding of {@code @OnBinding}, or null when the function has none. */
    private String binding;
    /** Whether the filters come from {@code @OnEvent} (else: the default, type equals the name). */
    private boolean filtered;
    /** {@code @Delivery(retryAttempts)}, or 0 when not set. */
    private int retryAttempts;
    /** {@code @Delivery(retryInitialDelay)} as ISO-8601, or null when not set. */
    private String retryInitialDelay;
    /** {@code @Delivery(deadLetterSink)}, or null when not set. */
    private String deadLetterSink;

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

    public String getMethodName() {
        return methodName;
    }

    public void setMethodName(String methodName) {
        this.methodName = methodName;
    }

    public List<String> getParameterTypes() {
        return parameterTypes;
    }

    public void setParameterTypes(List<String> parameterTypes) {
        this.parameterTypes = parameterTypes;
    }

    public List<String> getFilters() {
        return filters;
    }

    public void setFilters(List<String> filters) {
        this.filters = filters;
    }

    public String getExecutionMode() {
        return executionMode;
    }

    public void setExecutionMode(String executionMode) {
        this.executionMode = executionMode;
    }

    public String getReplyType() {
        return replyType;
    }

    public void setReplyType(String replyType) {
        this.replyType = replyType;
    }

    public String getReplySource() {
        return replySource;
    }

    public void setReplySource(String replySource) {
        this.replySource = replySource;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getPubsub() {
        return pubsub;
    }

    public void setPubsub(String pubsub) {
        this.pubsub = pubsub;
    }

    public String getBinding() {
        return binding;
    }

    public void setBinding(String binding) {
        this.binding = binding;
    }

    public String getDeadLetterTopic() {
        return deadLetterTopic;
    }

    public void setDeadLetterTopic(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    public boolean isFiltered() {
        return filtered;
    }

    public void setFiltered(boolean filtered) {
        this.filtered = filtered;
    }

    public int getRetryAttempts() {
        return retryAttempts;
    }

    public void setRetryAttempts(int retryAttempts) {
        this.retryAttempts = retryAttempts;
    }

    public String getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(String retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public String getDeadLetterSink() {
        return deadLetterSink;
    }

    public void setDeadLetterSink(String deadLetterSink) {
        this.deadLetterSink = deadLetterSink;
    }

    /** @return a copy to change, e.g. with the configuration's overrides applied */
    public RecordedFunction copy() {
        RecordedFunction copy = new RecordedFunction();
        copy.name = name;
        copy.className = className;
        copy.methodName = methodName;
        copy.parameterTypes = new ArrayList<>(parameterTypes);
        copy.filters = new ArrayList<>(filters);
        copy.executionMode = executionMode;
        copy.replyType = replyType;
        copy.replySource = replySource;
        copy.topic = topic;
        copy.pubsub = pubsub;
        copy.deadLetterTopic = deadLetterTopic;
        copy.binding = binding;
        copy.filtered = filtered;
        copy.retryAttempts = retryAttempts;
        copy.retryInitialDelay = retryInitialDelay;
        copy.deadLetterSink = deadLetterSink;
        return copy;
    }

    /**
     * @return the filters, parsed back from their recorded form (CESQL expressions compiled here, once per call: call
     *         it at start-up, not per event)
     */
    public List<EventFilter> eventFilters() {
        List<EventFilter> parsed = new ArrayList<>(filters.size());
        for (String filter : filters) {
            parsed.add(EventFilter.parse(Arrays.stream(filter.split("\n")).map(RecordedFunction::unescape).toList()));
        }
        return parsed;
    }

    /** Records the filters: one string each, its parts on lines (a line break or backslash in a part escaped). */
    public void recordFilters(List<EventFilter> eventFilters) {
        this.filters = eventFilters.stream()
                .map(filter -> String.join("\n", filter.toStrings().stream().map(RecordedFunction::escape).toList()))
                .collect(java.util.stream.Collectors.toList());
    }

    private static String escape(String part) {
        return part.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String part) {
        if (part.indexOf('\\') < 0) {
            return part;
        }
        StringBuilder out = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\' && i + 1 < part.length()) {
                char next = part.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
