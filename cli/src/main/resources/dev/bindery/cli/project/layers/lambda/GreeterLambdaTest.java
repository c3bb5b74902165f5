package @package@;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The function in the Lambda package: in {@code @QuarkusTest}, Quarkus plays the Lambda Runtime API, and each event
 * posted to it is one invocation of the handler. (Its answers are read as JSON whatever their content type.)
 */
@QuarkusTest
class GreeterTest {

    static JsonPath invoke(String event) {
        return JsonPath.from(given().contentType("application/json").body(event)
                .when().post()
                .then().statusCode(200).extract().asString());
    }

    @Test
    void aDirectInvocationIsAnsweredWithTheReplysData() {
        JsonPath reply = invoke("{\"function\":\"greet\",\"data\":{\"name\":\"Ada\"}}");

        assertEquals("Hello, Ada!", reply.getString("message"));
    }

    @Test
    void anApiGatewayRequestCarryingAGreetEventIsAnsweredWithAGreetedEvent() {
        JsonPath response = invoke("""
                {"version": "2.0", "routeKey": "POST /", "rawPath": "/", "rawQueryString": "",
                 "headers": {"content-type": "application/json", "ce-specversion": "1.0", "ce-id": "1",
                             "ce-source": "/tests", "ce-type": "@groupId@.greet"},
                 "requestContext": {"apiId": "api", "stage": "$default", "routeKey": "POST /",
                                    "http": {"method": "POST", "path": "/", "protocol": "HTTP/1.1"}},
                 "body": "{\\"name\\":\\"Grace\\"}", "isBase64Encoded": false}
                """);

        assertEquals(200, response.getInt("statusCode"));
        assertEquals("@groupId@.greeted", response.getString("headers.'ce-type'"));
        assertEquals("Hello, Grace!", JsonPath.from(response.getString("body")).getString("message"));
    }
}
