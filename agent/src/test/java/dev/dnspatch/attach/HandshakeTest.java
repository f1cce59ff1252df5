package dev.dnspatch.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The attach command's request and the agent's answer, both ways. */
class HandshakeTest {
    @Test
    void aRequestCarriesItsIdTheSwitchAndTheOptionsUnchanged() {
        Handshake on = Handshake.parse(Handshake.request("id-1", false, "hosts=*.example.test,mode=ipv4-first"));
        Handshake off = Handshake.parse(Handshake.request("id-2", true, ""));

        assertEquals("id-1", on.id());
        assertFalse(on.off());
        assertEquals("hosts=*.example.test,mode=ipv4-first", on.options());
        assertEquals("id-2", off.id());
        assertTrue(off.off());
        assertEquals("", off.options());
    }

    @Test
    void plainOptionsFromAnotherToolAreAnOrdinaryPatch() {
        Handshake plain = Handshake.parse("hosts=db.example.test");

        assertEquals("", plain.id());
        assertFalse(plain.off());
        assertEquals("hosts=db.example.test", plain.options());
        assertNull(Handshake.parse(null).options());
    }

    @Test
    void anAnswerIsReadOnlyByTheAttachItAnswers() {
        String result = Handshake.result("id-1", Handshake.PATCHED, "engine=instrument\ndropped 1 cached answer");

        assertEquals(Handshake.PATCHED, Handshake.statusOf(result, "id-1"));
        assertNull(Handshake.statusOf(result, "id-0"));
        assertNull(Handshake.statusOf(null, "id-1"));
        assertEquals("engine=instrument\ndropped 1 cached answer", Handshake.linesOf(result));
    }
}
