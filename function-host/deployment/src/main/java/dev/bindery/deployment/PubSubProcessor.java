package dev.bindery.deployment;

import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

import dev.bindery.pubsub.PubSub;
import dev.bindery.pubsub.Publisher;
import dev.bindery.runtime.internal.ConfiguredSubscriptionPolicies;
import dev.bindery.runtime.internal.FunctionHostRecorder;
import dev.bindery.runtime.internal.PubSubComponents;
import dev.bindery.runtime.internal.SubscriptionsReadinessCheck;

/**
 * Makes publishers injectable — one synthetic {@link Publisher} bean per component named with {@code @PubSub}, plus
 * the default — and starts the {@code @OnTopic} subscriptions with the application.
 */
public class PubSubProcessor {

    static final DotName PUB_SUB = DotName.createSimple(PubSub.class.getName());

    @BuildStep
    AdditionalBeanBuildItem pubSubBeans() {
        // the @PubSub qualifier joins the bean index so ArC can put it on the synthetic beans
        return AdditionalBeanBuildItem.builder().addBeanClasses(PubSubComponents.class,
                SubscriptionsReadinessCheck.class, ConfiguredSubscriptionPolicies.class, PubSub.class).setUnremovable().build();
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void publisherBeans(CombinedIndexBuildItem index, FunctionHostRecorder recorder,
            BuildProducer<SyntheticBeanBuildItem> beans) {
        Set<String> names = new TreeSet<>();
        for (AnnotationInstance pubSub : index.getIndex().getAnnotations(PUB_SUB)) {
            names.add(pubSub.value().asString());
        }
        for (String name : names) {
            beans.produce(SyntheticBeanBuildItem.configure(Publisher.class).scope(Singleton.class).unremovable()
                    .addQualifier(AnnotationInstance.builder(PUB_SUB).value(name).build())
                    .supplier(recorder.publisher(name)).done());
        }
        beans.produce(SyntheticBeanBuildItem.configure(Publisher.class).scope(Singleton.class).unremovable()
                .supplier(recorder.publisher("default")).done());
    }
}
