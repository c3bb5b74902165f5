package dev.bindery.deployment;

import io.quarkus.deployment.IsLocalDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import io.quarkus.devui.spi.page.WebComponentPageBuilder;

import dev.bindery.runtime.internal.DevUiJsonRpcService;

/**
 * The Bindery card of the Quarkus Dev UI (dev mode): a page each for the functions and their routes, the bindings,
 * the topic subscriptions with their lag, the state stores, the recent events (live), and an invoke form; the pages
 * read {@link DevUiJsonRpcService} over the Dev UI's JSON-RPC.
 */
public class DevUiProcessor {

    @BuildStep(onlyIf = IsLocalDevelopment.class)
    CardPageBuildItem card() {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(page("Functions", "font-awesome-solid:code", "qwc-bindery-functions.js"));
        card.addPage(page("Bindings", "font-awesome-solid:plug", "qwc-bindery-bindings.js"));
        card.addPage(page("Subscriptions", "font-awesome-solid:envelope-open-text", "qwc-bindery-subscriptions.js"));
        card.addPage(page("State stores", "font-awesome-solid:database", "qwc-bindery-stores.js"));
        card.addPage(page("Recent events", "font-awesome-solid:list", "qwc-bindery-events.js"));
        card.addPage(page("Invoke", "font-awesome-solid:paper-plane", "qwc-bindery-invoke.js"));
        return card;
    }

    /** Produced in every mode, as the Dev UI asks: it also tells Quarkus which classes are JSON-RPC entry points. */
    @BuildStep
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(DevUiJsonRpcService.class);
    }

    /** A page drawn by one of the web components under {@code dev-ui/}. */
    private static WebComponentPageBuilder page(String title, String icon, String component) {
        return Page.webComponentPageBuilder().title(title).icon(icon).componentLink(component);
    }
}
