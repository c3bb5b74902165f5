package dev.bindery.examples.jackson;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.jackson.ObjectMapperCustomizer;

/** A user's Jackson customization: snake_case property names. Active only under {@link JacksonCustomizerTest}'s profile. */
@Singleton
@IfBuildProperty(name = "examples.snake-case", stringValue = "true")
public class SnakeCaseCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
}
