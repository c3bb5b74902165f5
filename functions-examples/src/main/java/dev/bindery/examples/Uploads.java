package dev.bindery.examples;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.funqy.Funq;

import dev.bindery.binding.OnBinding;
import dev.bindery.binding.StoredObject;
import dev.bindery.function.OnEvent;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;

/**
 * Records the metadata of each new object in the {@code uploads} binding (a directory by default, an S3 bucket by
 * configuration: the function does not change).
 */
public class Uploads {

    private static final String KEY = "uploads";
    private static final TypeReference<List<StoredObject>> OBJECTS = new TypeReference<>() {
    };

    @Inject
    StateStore state;

    /** Appends the object to the list (ETag retries keep concurrent appends); a redelivered one is kept once. */
    @Funq
    @OnBinding("uploads")
    public void ingestUpload(StoredObject object) {
        while (true) {
            StateItem current = state.get(KEY).orElse(null);
            List<StoredObject> objects = current == null ? new ArrayList<>() : new ArrayList<>(current.value(OBJECTS));
            if (objects.stream().anyMatch(seen -> seen.key().equals(object.key())
                    && seen.eTag().equals(object.eTag()))) {
                return;
            }
            objects.add(object);
            try {
                state.save(KEY, objects, current == null
                        ? SaveOptions.ifAbsent()
                        : SaveOptions.ifMatch(current
                                .etag()));
                return;
            } catch (ETagMismatchException concurrentAppend) {
                // read the list again
            }
        }
    }

    @Funq
    @OnEvent(type = "com.example.uploads.get")
    public List<StoredObject> getUploads() {
        return state.get(KEY).map(item -> item.value(OBJECTS)).orElse(List.of());
    }
}
