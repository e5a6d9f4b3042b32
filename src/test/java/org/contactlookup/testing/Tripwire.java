package org.contactlookup.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/** A serializable object whose deserialization is recorded: the stand-in for a gadget chain. */
public final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final AtomicBoolean TRIPPED = new AtomicBoolean();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        TRIPPED.set(true);
    }

    public static byte[] serialized() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Tripwire());
        }
        return bytes.toByteArray();
    }
}
