package dev.dnspatch.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test run with the JDK's own {@code keytool} (18 or later,
 * the build JDK), so it needs nothing beyond a JDK: a CA certificate, and server certificates it signs for a DNS name, written
 * as PEM files that PostgreSQL (OpenSSL) and pgjdbc read. Keys are EC P-256 and the certificates
 * are valid for two days; nothing is trusted outside the files an app is pointed at.
 */
public final class TestCa {
    private static final long STEP_TIMEOUT_SECONDS = 60;
    private static final String CA_ALIAS = "ca";

    private final Path dir;
    private final Path keystore;
    private final String storePassword;

    private TestCa(Path dir, String storePassword) {
        this.dir = dir;
        this.keystore = dir.resolve("ca.p12");
        this.storePassword = storePassword;
    }

    /** A new CA whose files go into {@code dir}. */
    public static TestCa make(Path dir) throws IOException, InterruptedException {
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        TestCa ca = new TestCa(Files.createDirectories(dir), HexFormat.of().formatHex(secret));
        ca.keytool("-genkeypair", "-alias", CA_ALIAS, "-dname", "CN=dnspatch test CA",
                "-ext", "bc:c", "-ext", "KU:c=keyCertSign,cRLSign");
        Files.writeString(ca.certificate(), pem(ca.entry(CA_ALIAS).getCertificate()),
                StandardCharsets.US_ASCII);
        return ca;
    }

    /** The CA certificate, PEM: what a client trusts ({@code sslrootcert}). */
    public Path certificate() {
        return dir.resolve("ca.pem");
    }

    /**
     * A server certificate for {@code dnsName} (its CN and only subject alternative name), signed by
     * this CA, with its private key in a PKCS#8 PEM file of mode 0600, as PostgreSQL requires of a
     * key file its own user owns.
     */
    public ServerCertificate sign(String dnsName) throws IOException, InterruptedException {
        // keytool 18+ makes the key pair and has the CA sign it in one step.
        keytool("-genkeypair", "-alias", dnsName, "-dname", "CN=" + dnsName, "-signer", CA_ALIAS,
                "-ext", "SAN=dns:" + dnsName, "-ext", "KU:c=digitalSignature", "-ext", "EKU=serverAuth");
        KeyStore.PrivateKeyEntry entry = entry(dnsName);
        ServerCertificate server = new ServerCertificate(dnsName, dir.resolve(dnsName + ".pem"),
                dir.resolve(dnsName + ".key"));
        Files.writeString(server.certificate, pem(entry.getCertificate()),
                StandardCharsets.US_ASCII);
        // keytool exports certificates but not private keys: this one comes from the store.
        Files.deleteIfExists(server.key);
        Files.createFile(server.key,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(server.key, pem("PRIVATE KEY", entry.getPrivateKey().getEncoded()),
                StandardCharsets.US_ASCII);
        return server;
    }

    private KeyStore.PrivateKeyEntry entry(String alias) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, storePassword.toCharArray());
            return (KeyStore.PrivateKeyEntry) store.getEntry(alias,
                    new KeyStore.PasswordProtection(storePassword.toCharArray()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + alias + " from " + keystore, e);
        }
    }

    private static String pem(Certificate certificate) throws IOException {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        // A short-lived tool: the quick compiler is enough.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        // The password goes through the environment, not the command line.
        command.addAll(List.of("-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass:env", "STORE_PASSWORD", "-noprompt"));
        Path log = Files.createTempFile(dir, "keytool", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("STORE_PASSWORD", storePassword);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("keytool " + args[0] + ": did not finish in " + STEP_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + ": exit " + process.exitValue() + ": "
                        + Files.readString(log).trim());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A server's certificate and private key, as PEM files. */
    public static final class ServerCertificate {
        public final String dnsName;
        public final Path certificate;
        public final Path key;

        ServerCertificate(String dnsName, Path certificate, Path key) {
            this.dnsName = dnsName;
            this.certificate = certificate;
            this.key = key;
        }
    }
}
