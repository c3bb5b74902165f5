package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;

import dev.bindery.binding.CronTick;
import dev.bindery.internal.state.InMemoryStateBackend;

/** Cron bindings on Quartz (and {@code @every} on a timer), fired for real. */
class CronBindingTest extends EngineTestSupport {

    private static CronTick tick(CloudEvent event) throws Exception {
        return TestHost.MAPPER.readValue(event.getData().toBytes(), CronTick.class);
    }

    @Test
    void subSecondScheduleFiresTheFunctionRepeatedly() throws Exception {
        TestHost host = new TestHost().binding("heartbeat", "cron", "@every 200ms").input("heartbeat", "beat");
        start(host);

        TestHost.await("five ticks", () -> host.received.size() >= 5);

        Set<String> ids = new HashSet<>();
        for (CloudEvent event : host.received) {
            assertThat(event.getType()).isEqualTo("dev.bindery.cron.tick");
            assertThat(event.getSource().toString()).isEqualTo("timer:bindery-heartbeat");
            assertThat(tick(event).binding()).isEqualTo("heartbeat");
            ids.add(event.getId());
        }
        assertThat(ids).hasSameSizeAs(host.received);
    }

    @Test
    void quartzCronGivesTheScheduledAndActualFireTimes() throws Exception {
        TestHost host = new TestHost().binding("nightly", "cron", "* * * * * ?").input("nightly", "report");
        start(host);

        TestHost.await("two ticks", () -> host.received.size() >= 2);

        CronTick first = tick(host.received.get(0));
        CronTick second = tick(host.received.get(1));
        assertThat(first.scheduledFireTime().toEpochMilli() % 1000).isZero();
        assertThat(first.fireTime()).isAfterOrEqualTo(first.scheduledFireTime());
        assertThat(first.nextFireTime()).isEqualTo(first.scheduledFireTime().plusSeconds(1));
        assertThat(second.scheduledFireTime()).isAfter(first.scheduledFireTime());
        assertThat(host.received.get(0).getSubject()).isEqualTo(first.scheduledFireTime().toString());
    }

    /** The names of the live Quartz worker threads. */
    private static Set<String> quartzWorkers() {
        Set<String> workers = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains("QuartzScheduler") && name.contains("_Worker-")).forEach(workers::add);
        return workers;
    }

    @Test
    void quartzRunsOneWorkerPerCronBindingAndExportsNothingToJmx() throws Exception {
        Set<String> before = quartzWorkers();
        TestHost host = new TestHost().binding("nightly", "cron", "0 0 2 * * ?").input("nightly", "report")
                .binding("hourly", "cron", "@hourly").input("hourly", "tally")
                .binding("heartbeat", "cron", "@every 1h").input("heartbeat", "beat");
        start(host);

        Set<String> started = quartzWorkers();
        started.removeAll(before);
        assertThat(started).as("two Quartz bindings (the @every one runs on a timer)").hasSize(2);
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("quartz:*"), null)).isEmpty();
    }

    @Test
    void oncePerClusterFiresEachScheduleOnceAcrossTwoHosts() throws Exception {
        InMemoryStateBackend shared = new InMemoryStateBackend();
        TestHost first = new TestHost(shared).binding("nightly", "cron", "* * * * * ?", "once-per-cluster", "true")
                .input("nightly", "report");
        TestHost second = new TestHost(shared).binding("nightly", "cron", "* * * * * ?", "once-per-cluster", "true")
                .input("nightly", "report");
        start(first);
        start(second);

        TestHost.await("four schedules fired", () -> first.received.size() + second.received.size() >= 4);
        Thread.sleep(1200);

        List<Instant> fired = new ArrayList<>();
        for (CloudEvent event : first.received) {
            fired.add(tick(event).scheduledFireTime());
        }
        for (CloudEvent event : second.received) {
            fired.add(tick(event).scheduledFireTime());
        }
        assertThat(fired).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void withoutOncePerClusterEveryHostFiresEverySchedule() throws Exception {
        TestHost first = new TestHost().binding("nightly", "cron", "* * * * * ?").input("nightly", "report");
        TestHost second = new TestHost().binding("nightly", "cron", "* * * * * ?").input("nightly", "report");
        start(first);
        start(second);

        TestHost.await("both hosts to fire twice", () -> first.received.size() >= 2 && second.received.size() >= 2);

        Set<Instant> firstFired = new HashSet<>();
        for (CloudEvent event : first.received) {
            firstFired.add(tick(event).scheduledFireTime());
        }
        boolean overlap = false;
        for (CloudEvent event : second.received) {
            overlap |= firstFired.contains(tick(event).scheduledFireTime());
        }
        assertThat(overlap).as("the same schedule fired on both hosts").isTrue();
    }

    @Test
    void aWrongExpressionIsRefusedNamingTheOption() {
        TestHost host = new TestHost().binding("nightly", "cron", "every night").input("nightly", "report");

        assertThatThrownBy(host::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.bindings.nightly.cron is 'every night'");
    }

    @Test
    void oncePerClusterNeedsACronExpression() {
        TestHost host = new TestHost().binding("beat", "cron", "@every 1s", "once-per-cluster", "true");

        assertThatThrownBy(host::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("once-per-cluster needs a cron expression");
    }
}
