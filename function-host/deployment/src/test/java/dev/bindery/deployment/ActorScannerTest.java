package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

import dev.bindery.actors.Actor;
import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ActorLifecycle;
import dev.bindery.function.EventContext;
import dev.bindery.runtime.internal.RecordedActor;

/** The build-time checks of actor classes, run on a real Jandex index of the classes below. */
class ActorScannerTest {

    public static class Base {
        public int count(ActorContext actor) {
            return 0;
        }
    }

    @Actor
    public static class Cart extends Base implements ActorLifecycle {
        public String add(String item, ActorContext actor, EventContext event) {
            return item;
        }

        @Override
        public int count(ActorContext actor) {
            return 1;
        }

        @Override
        public void onActivate(ActorContext context) {
        }

        public static void helper() {
        }
    }

    @Actor("shop.order-v2_1")
    public static class Order {
        public void place() {
        }
    }

    @Actor
    public static class Overloaded {
        public void add(String item) {
        }

        public void add(String item, ActorContext actor) {
        }
    }

    @Actor("Cart")
    public static class SecondCart {
        public void add() {
        }
    }

    @Actor("bad||name")
    public static class BadName {
        public void go() {
        }
    }

    @Actor
    public abstract static class Abstract {
        public void go() {
        }
    }

    @Actor
    static class Hidden {
        public void go() {
        }
    }

    @Actor
    public class Inner {
        public void go() {
        }
    }

    @Actor
    public static class TwoData {
        public void both(String a, String b, ActorContext actor) {
        }

        public void twoContexts(ActorContext one, ActorContext two) {
        }
    }

    @Actor
    public static class Empty {
    }

    private static List<RecordedActor> scan(Collection<String> functions, Class<?>... classes) throws IOException {
        return ActorScanner.scan(Index.of(classes), functions);
    }

    private static List<String> problems(Collection<String> functions, Class<?>... classes) {
        try {
            scan(functions, classes);
        } catch (InvalidFunctionException e) {
            return e.problems();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no build error");
    }

    @Test
    void findsTheTypesTheirNamesAndTheirMethods() throws IOException {
        List<RecordedActor> actors = scan(Set.of(), Cart.class, Base.class, Order.class);
        assertThat(actors).extracting(RecordedActor::getName).containsExactly("Cart", "shop.order-v2_1");
        assertThat(actors.get(0).getMethods()).containsExactlyInAnyOrder("add", "count");
        assertThat(actors.get(0).getClassName()).isEqualTo(Cart.class.getName());
        assertThat(actors.get(1).functionNames()).containsExactly("shop.order-v2_1.place");
    }

    @Test
    void anOverloadedMethodNameFailsTheBuildNamingBothMethods() {
        assertThat(problems(Set.of(), Overloaded.class)).singleElement().asString()
                .contains("Actor class " + Overloaded.class.getName() + " has two methods named 'add'")
                .contains("#add(java.lang.String)").contains("#add(java.lang.String, dev.bindery.actors.ActorContext)");
    }

    @Test
    void twoTypesOfOneNameFailTheBuild() {
        assertThat(problems(Set.of(), Cart.class, Base.class, SecondCart.class)).singleElement().asString()
                .contains("are both type 'Cart'");
    }

    @Test
    void anInvalidTypeNameFailsTheBuild() {
        assertThat(problems(Set.of(), BadName.class)).singleElement().asString()
                .contains("has type name 'bad||name'");
    }

    @Test
    void aClassTheHostCannotInstantiateFailsTheBuild() {
        assertThat(problems(Set.of(), Abstract.class, Hidden.class, Inner.class)).hasSize(3)
                .allSatisfy(problem -> assertThat(problem).contains("is not a public concrete class"));
    }

    @Test
    void methodsTakeWhatFunctionsTake() {
        assertThat(problems(Set.of(), TwoData.class)).containsExactlyInAnyOrder(
                "Actor method " + TwoData.class.getName() + "#both(java.lang.String, java.lang.String, "
                        + "dev.bindery.actors.ActorContext) takes 2 data parameters [a, b]: an actor method takes at "
                        + "most one (plus an optional ActorContext and/or EventContext); wrap the values in one class",
                "Actor method " + TwoData.class.getName() + "#twoContexts(dev.bindery.actors.ActorContext, "
                        + "dev.bindery.actors.ActorContext) takes 2 ActorContext parameters: declare one");
    }

    @Test
    void aTypeWithoutMethodsFailsTheBuild() {
        assertThat(problems(Set.of(), Empty.class)).singleElement().asString().contains("has no public methods");
    }

    @Test
    void anActorMethodNamedLikeAFunctionFailsTheBuild() {
        assertThat(problems(Set.of("shop.order-v2_1.place"), Order.class)).singleElement().asString()
                .contains("is function 'shop.order-v2_1.place', which is also the name of a function");
    }

    @Test
    void anApplicationWithoutActorsHasNone() throws IOException {
        assertThatThrownBy(() -> problems(Set.of(), Base.class)).isInstanceOf(AssertionError.class);
        assertThat(scan(Set.of(), Base.class)).isEmpty();
    }
}
