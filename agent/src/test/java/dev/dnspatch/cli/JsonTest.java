package dev.dnspatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void separatorsAndNesting() {
        Json json = new Json().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").beginObject().endObject().beginArray().endArray().value(true)
                .endArray()
                .name("c").value((String) null)
                .endObject();

        assertEquals("{\"a\":1,\"b\":[\"x\",{},[],true],\"c\":null}", json.toString());
    }

    @Test
    void stringsAreEscaped() {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 separator \u2028";

        assertEquals("[\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 separator \\u2028\"]",
                new Json().beginArray().value(nasty).endArray().toString());
    }

    @Test
    void deepNestingGrows() {
        Json json = new Json();
        for (int i = 0; i < 20; i++) {
            json.beginArray();
        }
        for (int i = 0; i < 20; i++) {
            json.endArray();
        }
        assertEquals(new String(new char[20]).replace('\0', '[') + new String(new char[20]).replace('\0', ']'),
                json.toString());
    }
}
