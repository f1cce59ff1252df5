package dev.dnspatch.cli;

import dev.dnspatch.policy.AddressText;
import java.io.PrintStream;
import java.net.InetAddress;

/** The report for scripts: the same findings as {@link TextReport}, as one JSON object. */
final class JsonReport {
    private JsonReport() {
    }

    static void write(Diagnosis d, PrintStream out) {
        Json json = new Json().beginObject();
        json.name("host").value(d.host);
        json.name("port");
        if (d.port < 0) {
            json.value((String) null);
        } else {
            json.value(d.port);
        }
        dns(d, json.name("dns"));
        jvm(d.jvm, json.name("jvm"));
        netty(d, json.name("netty"));
        json.name("addresses").beginArray();
        for (AddressCheck check : d.checks) {
            json.beginObject()
                    .name("address").value(check.text())
                    .name("family").value(check.family())
                    .name("inJvmAnswer").value(check.inJvmAnswer)
                    .name("route").value(check.noRoute == null)
                    .name("noRouteReason").value(check.noRoute);
            if (check.tcpTried) {
                json.name("tcp").beginObject()
                        .name("connected").value(check.tcpConnected)
                        .name("millis").value(check.tcpMillis)
                        .name("error").value(check.tcpError)
                        .endObject();
            }
            json.name("works").value(check.works()).endObject();
        }
        json.endArray();
        json.name("verdict").beginObject()
                .name("kind").value(d.verdict.kind)
                .name("healthy").value(d.verdict.healthy)
                .name("text").value(d.verdict.text)
                .name("agentArguments").value(d.verdict.agentArguments)
                .name("javaToolOptions").value(d.javaToolOptions())
                .endObject();
        json.name("exitCode").value(d.verdict.exitCode());
        out.println(json.endObject());
    }

    private static void dns(Diagnosis d, Json json) {
        DnsAnswer dns = d.dns;
        json.beginObject()
                .name("asked").value(!d.hostIsAddress)
                .name("name").value(dns.name)
                .name("server").value(dns.server)
                .name("serverSource").value(dns.serverSource)
                .name("status").value(dns.status);
        json.name("failures").beginArray();
        for (String failure : dns.failures) {
            json.value(failure);
        }
        json.endArray().name("records").beginArray();
        for (DnsAnswer.Entry entry : dns.entries) {
            json.beginObject().name("type").value(entry.type).name("value").value(entry.value)
                    .name("ttl").value(entry.ttl).endObject();
        }
        json.endArray().endObject();
    }

    private static void netty(Diagnosis d, Json json) {
        NettyView netty = d.netty;
        if (netty == null) {
            json.value((String) null);
            return;
        }
        json.beginObject()
                .name("addressTypes").value(netty.addressTypes)
                .name("order").value(netty.reason)
                .name("oneQueryPerLookup").value(netty.oneQueryPerLookup)
                .name("sameOrderAsJvm").value(netty.sameOrderAs(d.jvm))
                .name("note").value(netty.note(d.jvm));
        json.name("addresses").beginArray();
        for (String address : netty.addresses) {
            json.value(address);
        }
        json.endArray().endObject();
    }

    private static void jvm(JvmView jvm, Json json) {
        json.beginObject()
                .name("javaVersion").value(jvm.javaVersion)
                .name("preferIPv6Addresses").value(jvm.preferIpv6Addresses)
                .name("preferIPv4Stack").value(jvm.preferIpv4Stack)
                .name("order").value(jvm.order())
                .name("error").value(jvm.failure);
        json.name("addresses").beginArray();
        for (InetAddress address : jvm.addresses) {
            json.value(AddressText.of(address));
        }
        json.endArray().endObject();
    }
}
