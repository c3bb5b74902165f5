package @package@;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The function over HTTP, as a CloudEvent and as plain JSON. */
@QuarkusTest
class GreeterTest {

    @Test
    void aGreetEventIsAnsweredWithAGreetedEvent() {
        given().header("ce-specversion", "1.0").header("ce-id", "1").header("ce-source", "/tests")
                .header("ce-type", "@groupId@.greet").contentType("application/json").body("{\"name\":\"Ada\"}")
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "@groupId@.greeted")
                .body("message", equalTo("Hello, Ada!"));
    }

    @Test
    void plainJsonPostedToTheFunctionsPathReachesItToo() {
        given().contentType("application/json").body("{\"name\":\"Grace\"}")
                .when().post("/greet")
                .then().statusCode(200)
                .body("message", equalTo("Hello, Grace!"));
    }

    @Test
    void anEventWithoutANameIsRejected() {
        given().contentType("application/json").body("{}")
                .when().post("/greet")
                .then().statusCode(422);
    }
}
