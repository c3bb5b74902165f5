package dev.bindery.bindings.camel.internal.kinds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.util.TimeUtils;
import org.quartz.CronExpression;
import org.quartz.impl.StdSchedulerFactory;

import io.cloudevents.CloudEvent;

import dev.bindery.binding.BindingResponse;
import dev.bindery.binding.CronTick;
import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.CamelBinding;
import dev.bindery.bindings.camel.kind.CamelBindingKind;
import dev.bindery.bindings.camel.kind.EndpointUris;
import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.bindings.camel.kind.OutputCall;
import dev.bindery.bindings.camel.kind.Remembered;

/**
 * {@code cron=<expression>}: a schedule triggers the function, input only. A Quartz cron expression with seconds
 * ({@code 0 0 2 * * ?}) or one of Dapr's shorthands ({@code @daily}…) runs on Quartz; {@code @every <duration>} on a
 * timer. Each tick is a {@link CronTick} event.
 */
public final class CronBindingKind implements CamelBindingKind {

    /** Whether each firing runs once per cluster (claimed in the state store) rather than once per replica. */
    static final BindingOption<Boolean> ONCE_PER_CLUSTER = BindingOption.flag("once-per-cluster");

    private static final String EVERY = "@every";
    /** How many cron bindings the Quartz properties the bindings set are sized for (a key Quartz does not read). */
    private static final String BINDINGS_SCHEDULED = "bindery.cron-bindings";
    private static final String THREAD_COUNT = StdSchedulerFactory.PROP_THREAD_POOL_PREFIX + ".threadCount";

    /** Quartz's own defaults ({@code org/quartz/quartz.properties}), which apply when no properties are given. */
    private static Map<String, Object> quartzDefaults() {
        Properties defaults = new Properties();
        try (InputStream in = StdSchedulerFactory.class.getResourceAsStream("/org/quartz/quartz.properties")) {
            if (in == null) {
                throw new IllegalStateException("Quartz's default properties (org/quartz/quartz.properties) are not on "
                        + "the class path");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new HashMap<>();
        defaults.forEach((key, value) -> properties.put((String) key, value));
        return properties;
    }

    /** Dapr's shorthands, as Quartz expressions. */
    private static final Map<String, String> SHORTHANDS = Map.of("@yearly", "0 0 0 1 1 ?", "@annually",
            "0 0 0 1 1 ?", "@monthly", "0 0 0 1 * ?", "@weekly", "0 0 0 ? * SUN", "@daily", "0 0 0 * * ?",
            "@midnight", "0 0 0 * * ?", "@hourly", "0 0 * * * ?");

    @Override
    public String name() {
        return "cron";
    }

    @Override
    public List<BindingOption<?>> options() {
        return List.of(ONCE_PER_CLUSTER);
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        String target = options.target();
        boolean oncePerCluster = options.value(ONCE_PER_CLUSTER);
        if (target.startsWith(EVERY)) {
            if (oncePerCluster) {
                throw new IllegalArgumentException(options.key(ONCE_PER_CLUSTER.name()) + " needs a cron "
                        + "expression: '@every' ticks are not aligned across replicas");
            }
            return new Cron(options, every(options, target), null, false);
        }
        return new Cron(options, null, quartz(options, target), oncePerCluster);
    }

    private static Duration every(BindingOptions options, String target) {
        try {
            Duration every = Duration.ofMillis(TimeUtils.toMilliSeconds(target.substring(EVERY.length()).trim()));
            if (!every.isZero() && !every.isNegative()) {
                return every;
            }
        } catch (RuntimeException e) {
            // said below
        }
        throw options.invalid(options.kind(), target, "give @every a duration such as 500ms, 15s or 1m");
    }

    private static String quartz(BindingOptions options, String target) {
        if (SHORTHANDS.containsKey(target)) {
            return SHORTHANDS.get(target);
        }
        if (target.startsWith("@")) {
            throw options.invalid(options.kind(), target, "the shorthands are @every <duration>, @hourly, @daily, "
                    + "@midnight, @weekly, @monthly, @yearly");
        }
        try {
            CronExpression.validateExpression(target);
            return target;
        } catch (ParseException e) {
            throw options.invalid(options.kind(), target, "not a Quartz cron expression (seconds minutes hours "
                    + "day-of-month month day-of-week [year]): " + e.getMessage());
        }
    }

    /** A schedule: a period ({@code @every}) or a Quartz expression. */
    private record Cron(BindingOptions options, Duration every, String expression, boolean oncePerCluster)
            implements
                CamelBinding {

        @Override
        public String eventType() {
            return "dev.bindery.cron.tick";
        }

        @Override
        public String inputUri(EndpointUris uris) {
            if (every != null) {
                return uris.build("timer", Map.of("timerName", "bindery-" + options.binding(), "period",
                        every.toMillis(), "fixedRate", true));
            }
            return uris.build("quartz", Map.of("groupName", "bindery", "triggerName", options.binding(), "cron",
                    expression, "stateful", true));
        }

        @Override
        public String outputUri(EndpointUris uris) {
            throw new IllegalArgumentException("Binding '" + options.binding() + "' is a cron binding, which is "
                    + "input only");
        }

        /**
         * Sizes the context's Quartz scheduler, unless someone configured Quartz there: one worker per cron binding
         * instead of Quartz's ten (a stateful job holds its worker while the function runs and never overlaps itself),
         * and no JMX export, which nothing reads and which starts the platform MBean server. Quartz's other defaults
         * are its own, read from its jar.
         */
        @Override
        public void open(CamelContext context) {
            if (expression == null) {
                return;
            }
            QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
            if (quartz.getProperties() == null && quartz.getPropertiesFile() == null
                    && quartz.getPropertiesRef() == null) {
                Map<String, Object> properties = quartzDefaults();
                properties.put(BINDINGS_SCHEDULED, "0");
                quartz.setProperties(properties);
                quartz.setEnableJmx(false);
            }
            resize(quartz.getProperties(), 1);
        }

        @Override
        public void close(CamelContext context) {
            if (expression != null && context.hasComponent("quartz") instanceof QuartzComponent quartz) {
                resize(quartz.getProperties(), -1);
            }
        }

        /** One worker per cron binding, in the properties the bindings set (never in someone else's). */
        private static void resize(Map<String, Object> properties, int change) {
            if (properties == null || !(properties.get(BINDINGS_SCHEDULED) instanceof String scheduled)) {
                return;
            }
            int bindings = Math.max(0, Integer.parseInt(scheduled) + change);
            properties.put(BINDINGS_SCHEDULED, Integer.toString(bindings));
            properties.put(THREAD_COUNT, Integer.toString(Math.max(1, bindings)));
        }

        @Override
        public MessageReader reader(BindingEvents events) {
            return exchange -> List.of(tick(events, exchange.getMessage()));
        }

        /** A tick's id is the scheduled fire time: the same in every replica, whatever their clocks. */
        private CloudEvent tick(BindingEvents events, Message message) {
            Instant scheduled = BindingEvents.instant(message.getHeader("scheduledFireTime"));
            Instant fired = BindingEvents.instant(message.getHeader("fireTime"));
            if (fired == null) {
                fired = BindingEvents.instant(message.getHeader(Exchange.TIMER_FIRED_TIME));
            }
            Instant next = BindingEvents.instant(message.getHeader("nextFireTime"));
            if (scheduled == null) {
                scheduled = fired == null ? Instant.now() : fired;
            }
            CronTick tick = new CronTick(options.binding(), scheduled, fired == null ? Instant.now() : fired, next);
            return events.builder(options.appId() + ":" + options.binding() + ":" + scheduled.toEpochMilli())
                    .withSubject(scheduled.toString())
                    .withTime(OffsetDateTime.ofInstant(scheduled, ZoneOffset.UTC))
                    .withDataContentType(BindingEvents.JSON)
                    .withData(events.json(tick))
                    .build();
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            throw call.fail("a cron binding is input only", null);
        }

        @Override
        public Remembered remembers() {
            return oncePerCluster ? Remembered.FIRINGS : Remembered.NOTHING;
        }
    }
}
