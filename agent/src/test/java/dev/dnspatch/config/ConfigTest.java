package dev.dnspatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {
    private static final Map<String, String> NONE = Map.of();

    private static Config parse(String agentArgs) throws ConfigException {
        return Config.parse(agentArgs, NONE, NONE);
    }

    /** The option's value as a user would write it, whatever its type. */
    private static String valueOf(Config config, Option option) {
        switch (option) {
            case HOSTS:
                return config.hosts().toString();
            case MODE:
                return config.mode().word();
            case LOG:
                return config.log().word();
            case ENGINE:
                return config.engine().word();
            case STRICT:
                return String.valueOf(config.strict());
            case NETTY:
                return config.netty() ? "on" : "off";
            default:
                throw new AssertionError(option);
        }
    }

    @Nested
    class Defaults {
        @Test
        void nothingGivenMeansNoHostsIpv4OnlyInfoAutoNotStrictAndNettyOn() throws ConfigException {
            Config config = Config.parse(null, NONE, NONE);

            assertTrue(config.hosts().isEmpty());
            assertEquals(List.of(), config.hosts().patterns());
            assertEquals(Mode.IPV4_ONLY, config.mode());
            assertEquals(LogLevel.INFO, config.log());
            assertEquals(EngineChoice.AUTO, config.engine());
            assertFalse(config.strict());
            assertTrue(config.netty());
        }

        @Test
        void optionsNotGivenKeepTheirDefaultsWhenOthersAreGiven() throws ConfigException {
            Config config = parse("hosts=db.example.com");

            assertEquals(List.of("db.example.com"), config.hosts().patterns());
            assertEquals(Mode.IPV4_ONLY, config.mode());
            assertEquals(LogLevel.INFO, config.log());
            assertEquals(EngineChoice.AUTO, config.engine());
            assertFalse(config.strict());
        }

        @Test
        void unrelatedPropertiesAndVariablesAreIgnored() throws ConfigException {
            Map<String, String> properties = Map.of("java.version", "25", "dnspatch", "x", "dnspatchx.mode", "y",
                    "DNSPATCH.MODE", "z");
            Map<String, String> env = Map.of("PATH", "/usr/bin", "DNSPATCH", "x", "dnspatch_mode", "y",
                    "JAVA_TOOL_OPTIONS", "-javaagent:dnspatch-agent.jar=hosts=x");

            Config config = Config.parse(null, properties, env);

            assertTrue(config.hosts().isEmpty());
            assertEquals(Mode.IPV4_ONLY, config.mode());
        }

        @Test
        void theSystemPropertiesObjectWorksAsTheirSource() throws ConfigException {
            Properties properties = new Properties();
            properties.setProperty("dnspatch.hosts", "db.example.com");
            properties.setProperty("dnspatch.mode", "ipv6-first");
            properties.setProperty("user.dir", "/tmp");

            Config config = Config.parse(null, properties, NONE);

            assertEquals(List.of("db.example.com"), config.hosts().patterns());
            assertEquals(Mode.IPV6_FIRST, config.mode());
        }

        @Test
        void toStringShowsEveryOptionAsTyped() throws ConfigException {
            Config config = parse("hosts=DB.example.com.,*.example.org,mode=ipv6-first,log=debug,engine=spi,strict=true,"
                    + "netty=OFF");

            assertEquals("hosts=db.example.com,*.example.org, mode=ipv6-first, log=debug, engine=spi, strict=true,"
                    + " netty=off", config.toString());
        }

        @Test
        void theHostListIsImmutable() throws ConfigException {
            Config config = parse("hosts=db.example.com");

            assertThrows(UnsupportedOperationException.class, () -> config.hosts().patterns().add("x.example.com"));
        }

        // BUG: Startup treats blank agent arguments (-javaagent:dnspatch-agent.jar=) as no arguments,
        // but Config.parse rejects them with "agent arguments have an empty entry (a stray comma?) []",
        // so a blank argument string beside DNSPATCH_* variables runs the app unpatched.
        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t"})
        void blankAgentArgumentsCountAsNoArguments(String blank) throws ConfigException {
            Config config = Config.parse(blank, NONE, Map.of("DNSPATCH_HOSTS", "db.example.com"));

            assertEquals(List.of("db.example.com"), config.hosts().patterns());
            assertEquals(Mode.IPV4_ONLY, config.mode());
        }
    }

    @Nested
    class AgentArgumentSyntax {
        @Test
        void tokensWithoutEqualsAddToTheHostListBeforeThem() throws ConfigException {
            Config config = parse("hosts=*.supabase.co,*.rds.amazonaws.com,mode=ipv4-first");

            assertEquals(List.of("*.supabase.co", "*.rds.amazonaws.com"), config.hosts().patterns());
            assertEquals(Mode.IPV4_FIRST, config.mode());
        }

        @Test
        void theHostListMayComeAfterOtherOptionsAndBeFollowedByMore() throws ConfigException {
            Config config = parse("mode=ipv6-only,hosts=a.example.com,b.example.com,c.example.com,log=debug");

            assertEquals(List.of("a.example.com", "b.example.com", "c.example.com"), config.hosts().patterns());
            assertEquals(Mode.IPV6_ONLY, config.mode());
            assertEquals(LogLevel.DEBUG, config.log());
        }

        @Test
        void everyOptionCanBeGivenAsAnAgentArgument() throws ConfigException {
            Config config = parse("hosts=*,mode=ipv6-first,log=off,engine=instrument,strict=true,netty=off");

            assertEquals(List.of("*"), config.hosts().patterns());
            assertEquals(Mode.IPV6_FIRST, config.mode());
            assertEquals(LogLevel.OFF, config.log());
            assertEquals(EngineChoice.INSTRUMENT, config.engine());
            assertTrue(config.strict());
            assertFalse(config.netty());
        }

        @ParameterizedTest
        @EnumSource(Mode.class)
        void everyModeIsAcceptedByItsWord(Mode mode) throws ConfigException {
            assertEquals(mode, parse("hosts=a.example.com,mode=" + mode.word()).mode());
        }

        @ParameterizedTest
        @EnumSource(LogLevel.class)
        void everyLogLevelIsAcceptedByItsWord(LogLevel level) throws ConfigException {
            assertEquals(level, parse("log=" + level.word()).log());
        }

        @ParameterizedTest
        @EnumSource(EngineChoice.class)
        void everyEngineIsAcceptedByItsWord(EngineChoice engine) throws ConfigException {
            assertEquals(engine, parse("engine=" + engine.word()).engine());
        }

        @Test
        void strictFalseIsAcceptedExplicitly() throws ConfigException {
            assertFalse(parse("strict=false").strict());
        }

        @Test
        void nettyOnIsAcceptedExplicitly() throws ConfigException {
            assertTrue(parse("netty=on").netty());
            assertTrue(parse("netty= On ").netty());
        }

        @Test
        void keysAndWordsIgnoreCase() throws ConfigException {
            Config config = parse("HOSTS=A.Example.COM,*.DB.Example.Org,Mode=IPv6-First,LOG=Debug,ENGINE=SPI,Strict=TRUE");

            assertEquals(List.of("a.example.com", "*.db.example.org"), config.hosts().patterns());
            assertEquals(Mode.IPV6_FIRST, config.mode());
            assertEquals(LogLevel.DEBUG, config.log());
            assertEquals(EngineChoice.SPI, config.engine());
            assertTrue(config.strict());
        }

        @Test
        void whitespaceAroundTokensKeysAndValuesIsIgnored() throws ConfigException {
            Config config = parse("  hosts = a.example.com ,  b.example.com\t,\tmode = ipv4-first , strict= true ");

            assertEquals(List.of("a.example.com", "b.example.com"), config.hosts().patterns());
            assertEquals(Mode.IPV4_FIRST, config.mode());
            assertTrue(config.strict());
        }

        @Test
        void oneTrailingDotOfAPatternIsDropped() throws ConfigException {
            assertEquals(List.of("db.example.com", "*.example.org"),
                    parse("hosts=db.example.com.,*.example.org.").hosts().patterns());
        }
    }

    @Nested
    class Precedence {
        /** Three distinct valid values per option: for the agent argument, the property, the variable. */
        static Stream<Arguments> options() {
            return Stream.of(
                    Arguments.of(Option.HOSTS, "a.example.com", "b.example.com", "c.example.com"),
                    Arguments.of(Option.HOSTS, "a.example.com:ipv6-first", "b.example.com,*.b.example.com:auto",
                            "*:ipv4-first,c.example.com"),
                    Arguments.of(Option.MODE, "ipv4-first", "ipv6-only", "ipv6-first"),
                    Arguments.of(Option.LOG, "debug", "warn", "off"),
                    Arguments.of(Option.ENGINE, "auto", "instrument", "spi"),
                    Arguments.of(Option.STRICT, "false", "true", "false"),
                    Arguments.of(Option.NETTY, "on", "off", "on"));
        }

        @ParameterizedTest
        @MethodSource("options")
        void anEnvironmentVariableAloneIsUsed(Option option, String arg, String property, String variable)
                throws ConfigException {
            Config config = Config.parse(null, NONE, Map.of(option.envName(), variable));

            assertEquals(variable, valueOf(config, option));
        }

        @ParameterizedTest
        @MethodSource("options")
        void aSystemPropertyWinsOverTheEnvironmentVariable(Option option, String arg, String property,
                String variable) throws ConfigException {
            Config config = Config.parse(null, Map.of(option.propertyName(), property),
                    Map.of(option.envName(), variable));

            assertEquals(property, valueOf(config, option));
        }

        @ParameterizedTest
        @MethodSource("options")
        void theAgentArgumentWinsOverThePropertyAndTheVariable(Option option, String arg, String property,
                String variable) throws ConfigException {
            Config config = Config.parse(option.argName() + "=" + arg, Map.of(option.propertyName(), property),
                    Map.of(option.envName(), variable));

            assertEquals(arg, valueOf(config, option));
        }

        @ParameterizedTest
        @MethodSource("options")
        void theAgentArgumentWinsOverTheVariableAlone(Option option, String arg, String property, String variable)
                throws ConfigException {
            Config config = Config.parse(option.argName() + "=" + arg, NONE, Map.of(option.envName(), variable));

            assertEquals(arg, valueOf(config, option));
        }

        @Test
        void eachOptionIsResolvedOnItsOwn() throws ConfigException {
            Map<String, String> properties = Map.of("dnspatch.mode", "ipv6-first", "dnspatch.log", "warn");
            Map<String, String> env = Map.of("DNSPATCH_MODE", "ipv6-only", "DNSPATCH_LOG", "off",
                    "DNSPATCH_ENGINE", "spi", "DNSPATCH_STRICT", "true");

            Config config = Config.parse("hosts=a.example.com,log=debug", properties, env);

            assertEquals(List.of("a.example.com"), config.hosts().patterns());
            assertEquals(Mode.IPV6_FIRST, config.mode());
            assertEquals(LogLevel.DEBUG, config.log());
            assertEquals(EngineChoice.SPI, config.engine());
            assertTrue(config.strict());
        }

        @Test
        void hostListsComeWholeFromTheAgentArgumentsAndAreNeverMerged() throws ConfigException {
            Config config = Config.parse("hosts=a.example.com", Map.of("dnspatch.hosts", "b.example.com,c.example.com"),
                    Map.of("DNSPATCH_HOSTS", "d.example.com"));

            assertEquals(List.of("a.example.com"), config.hosts().patterns());
        }

        @Test
        void hostListsComeWholeFromThePropertyAndAreNeverMergedWithTheVariable() throws ConfigException {
            Config config = Config.parse(null, Map.of("dnspatch.hosts", "b.example.com,c.example.com"),
                    Map.of("DNSPATCH_HOSTS", "d.example.com,b.example.com"));

            assertEquals(List.of("b.example.com", "c.example.com"), config.hosts().patterns());
        }

        @Test
        void listsInPropertiesAndVariablesAreCommaSeparatedAndTrimmed() throws ConfigException {
            Config config = Config.parse(null, NONE, Map.of("DNSPATCH_HOSTS", " *.supabase.co , DB.example.com. "));

            assertEquals(List.of("*.supabase.co", "db.example.com"), config.hosts().patterns());
        }

        @Test
        void wordsInPropertiesAndVariablesIgnoreCaseAndSurroundingWhitespace() throws ConfigException {
            Config config = Config.parse(null, Map.of("dnspatch.mode", " IPv4-First ", "dnspatch.engine", "SPI"),
                    Map.of("DNSPATCH_LOG", "\tWARN\n", "DNSPATCH_STRICT", " True "));

            assertEquals(Mode.IPV4_FIRST, config.mode());
            assertEquals(EngineChoice.SPI, config.engine());
            assertEquals(LogLevel.WARN, config.log());
            assertTrue(config.strict());
        }

        @Test
        void aBadValueHiddenByAHigherSourceIsNeverRead() throws ConfigException {
            Config fromArgs = Config.parse("hosts=a.example.com,mode=ipv6-only",
                    Map.of("dnspatch.mode", "ipv4_only", "dnspatch.hosts", ""), Map.of("DNSPATCH_HOSTS", ",,"));
            Config fromProperties = Config.parse(null, Map.of("dnspatch.strict", "true", "dnspatch.log", "error"),
                    Map.of("DNSPATCH_STRICT", "maybe", "DNSPATCH_LOG", "loud"));

            assertEquals(Mode.IPV6_ONLY, fromArgs.mode());
            assertEquals(List.of("a.example.com"), fromArgs.hosts().patterns());
            assertTrue(fromProperties.strict());
            assertEquals(LogLevel.ERROR, fromProperties.log());
        }
    }

    /** A mode per pattern, from every place options come from: the most specific pattern decides. */
    @Nested
    class Rules {
        /** The mode a host gets: its rule's own, else the mode option's; null where no pattern matches. */
        private static String modeFor(Config config, String host) {
            int rule = config.hosts().ruleOf(host);
            if (rule == HostPatterns.NO_RULE) {
                return null;
            }
            Mode given = config.hosts().mode(rule);
            return (given != null ? given : config.mode()).word();
        }

        /** hosts, mode (or null), a host, the mode it gets. Overlapping patterns come in both orders. */
        static Stream<Arguments> rules() {
            return Stream.of(
                    Arguments.of("*.supabase.co,*.corp.internal:ipv6-first", null, "db.abc.supabase.co", "ipv4-only"),
                    Arguments.of("*.supabase.co,*.corp.internal:ipv6-first", null, "api.corp.internal", "ipv6-first"),
                    Arguments.of("*.supabase.co,*.corp.internal:ipv6-first", "ipv4-first", "db.abc.supabase.co",
                            "ipv4-first"),
                    Arguments.of("*.supabase.co,*.corp.internal:ipv6-first", "ipv4-first", "x.corp.internal",
                            "ipv6-first"),
                    Arguments.of("*.supabase.co,*.corp.internal:ipv6-first", null, "corp.internal", null),
                    // An exact name over a wildcard, either order.
                    Arguments.of("*.example.com:ipv6-only,db.example.com:ipv4-only", null, "db.example.com", "ipv4-only"),
                    Arguments.of("db.example.com:ipv4-only,*.example.com:ipv6-only", null, "db.example.com", "ipv4-only"),
                    Arguments.of("db.example.com:ipv4-only,*.example.com:ipv6-only", null, "a.example.com", "ipv6-only"),
                    // A longer suffix over a shorter one, either order.
                    Arguments.of("*.example.com:ipv4-first,*.eu.example.com:ipv6-first", null, "db.eu.example.com",
                            "ipv6-first"),
                    Arguments.of("*.eu.example.com:ipv6-first,*.example.com:ipv4-first", null, "db.eu.example.com",
                            "ipv6-first"),
                    Arguments.of("*.eu.example.com:ipv6-first,*.example.com:ipv4-first", null, "eu.example.com",
                            "ipv4-first"),
                    // * last, either order; a pattern without a mode takes the mode option's.
                    Arguments.of("*:auto,db.example.com", "ipv6-first", "db.example.com", "ipv6-first"),
                    Arguments.of("db.example.com,*:auto", "ipv6-first", "other.example.org", "auto"),
                    Arguments.of("*,db.example.com:ipv4-only", "auto", "DB.Example.COM.", "ipv4-only"),
                    Arguments.of("*,db.example.com:ipv4-only", "auto", "other.example.org", "auto"));
        }

        @ParameterizedTest(name = "hosts={0}, mode={1}: {2} gets {3}")
        @MethodSource("rules")
        void theMostSpecificPatternDecidesInEveryPlace(String hosts, String mode, String host, String expected)
                throws ConfigException {
            Config fromArgs = parse("hosts=" + hosts + (mode == null ? "" : ",mode=" + mode));
            Map<String, String> properties = mode == null ? Map.of("dnspatch.hosts", hosts)
                    : Map.of("dnspatch.hosts", hosts, "dnspatch.mode", mode);
            Config fromProperties = Config.parse(null, properties, NONE);
            Map<String, String> env = mode == null ? Map.of("DNSPATCH_HOSTS", hosts)
                    : Map.of("DNSPATCH_HOSTS", hosts, "DNSPATCH_MODE", mode);
            Config fromEnv = Config.parse(null, NONE, env);

            for (Config config : List.of(fromArgs, fromProperties, fromEnv)) {
                assertEquals(expected, modeFor(config, host), config.toString());
            }
        }

        @Test
        void theHostsAreShownWithTheModesWrittenAfterThem() throws ConfigException {
            Config config = parse("hosts=*.supabase.co,*.CORP.internal.:IPv6-First,mode=ipv4-only");

            assertEquals("hosts=*.supabase.co,*.corp.internal:ipv6-first, mode=ipv4-only, log=info, engine=auto,"
                    + " strict=false, netty=on", config.toString());
        }
    }

    @Nested
    class UnknownNames {
        @Test
        void aMisspeltSystemPropertyIsAnErrorWithASuggestion() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Config.parse(null, Map.of("dnspatch.hots", "a.example.com"), NONE));

            assertTrue(e.getMessage().startsWith("unknown system property '-Ddnspatch.hots'"), e.getMessage());
            assertTrue(e.getMessage().contains("did you mean"), e.getMessage());
            assertTrue(e.getMessage().contains("dnspatch.hosts'?)"), e.getMessage());
        }

        @Test
        void aMisspeltEnvironmentVariableIsAnErrorWithASuggestion() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Config.parse(null, NONE, Map.of("DNSPATCH_HOST", "a.example.com")));

            assertEquals("unknown environment variable 'DNSPATCH_HOST' (did you mean 'DNSPATCH_HOSTS'?)",
                    e.getMessage());
        }

        @Test
        void anUnknownNameFarFromEveryOptionIsStillAnError() {
            ConfigException property = assertThrows(ConfigException.class,
                    () -> Config.parse(null, Map.of("dnspatch.foo.bar.baz", "1"), NONE));
            ConfigException variable = assertThrows(ConfigException.class,
                    () -> Config.parse(null, NONE, Map.of("DNSPATCH_EVERYTHING", "1")));

            assertEquals("unknown system property '-Ddnspatch.foo.bar.baz'", property.getMessage());
            assertEquals("unknown environment variable 'DNSPATCH_EVERYTHING'", variable.getMessage());
        }

        @Test
        void anUnknownNameIsAnErrorEvenWhenTheAgentArgumentsAreComplete() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Config.parse("hosts=a.example.com,mode=ipv4-first,log=info,engine=auto,strict=false,netty=on",
                            NONE, Map.of("DNSPATCH_MOD", "ipv6-only")));

            assertEquals("unknown environment variable 'DNSPATCH_MOD' (did you mean 'DNSPATCH_MODE'?)",
                    e.getMessage());
        }

        @Test
        void anUnknownAgentArgumentIsAnErrorWithASuggestionAndTheListOfOptions() {
            ConfigException e = assertThrows(ConfigException.class, () -> parse("host=x"));

            assertEquals("unknown option 'host' (did you mean 'hosts'?); options are hosts, mode, log, engine, strict,"
                    + " netty", e.getMessage());
        }

        @Test
        void theFirstProblemIsTheOneReported() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Config.parse("hots=x,mode=bad", Map.of("dnspatch.hots", "y"), NONE));

            assertTrue(e.getMessage().startsWith("unknown option 'hots'"), e.getMessage());
        }
    }

    @Nested
    class LenientReads {
        @Test
        void strictIsReadEvenWhenAnotherOptionIsMalformed() {
            assertThrows(ConfigException.class, () -> parse("hots=x,strict=true"));

            assertTrue(Config.strictRequested("hots=x,strict=true", NONE, NONE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"hots=x,strict=true", ",strict=true", "strict=true,mode=ipv4_only",
                "mode=ipv4-only,ipv6-only,strict=TRUE", "=,strict= true ", "hosts=db.*.com,strict=true"})
        void strictTrueIsHonouredWhateverElseIsWrong(String agentArgs) {
            assertThrows(ConfigException.class, () -> parse(agentArgs));

            assertTrue(Config.strictRequested(agentArgs, NONE, NONE));
        }

        @Test
        void strictFromAPropertyOrVariableIsReadBesideABadName() {
            assertTrue(Config.strictRequested("mode=bad", Map.of("dnspatch.strict", "true"), NONE));
            assertTrue(Config.strictRequested(null, Map.of("dnspatch.hots", "x"), Map.of("DNSPATCH_STRICT", "true")));
        }

        @Test
        void strictRequestedFollowsThePrecedenceRule() {
            assertFalse(Config.strictRequested("strict=false,hots=x", NONE, Map.of("DNSPATCH_STRICT", "true")));
            assertTrue(Config.strictRequested(null, Map.of("dnspatch.strict", "true"),
                    Map.of("DNSPATCH_STRICT", "false")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"strict=garbage", "strict=", "strict=yes", "hots=x", "hots=x,strict=false"})
        void aMissingOrMalformedStrictCountsAsFalse(String agentArgs) {
            assertFalse(Config.strictRequested(agentArgs, NONE, NONE));
        }

        @Test
        void strictRequestedIsFalseWhenNothingIsGiven() {
            assertFalse(Config.strictRequested(null, NONE, NONE));
        }

        @Test
        void logLevelIsReadEvenWhenAnotherOptionIsMalformed() {
            assertThrows(ConfigException.class, () -> parse("log=off,hots=x"));

            assertSame(LogLevel.OFF, Config.logRequested("log=off,hots=x", NONE, NONE));
            assertSame(LogLevel.ERROR, Config.logRequested("mode=bad", NONE, Map.of("DNSPATCH_LOG", "error")));
            assertSame(LogLevel.OFF, Config.logRequested(null, Map.of("dnspatch.log", "OFF", "dnspatch.x", "y"), NONE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"log=verbose", "log=", "hots=x"})
        void aMissingOrMalformedLogLevelCountsAsInfo(String agentArgs) {
            assertSame(LogLevel.INFO, Config.logRequested(agentArgs, NONE, NONE));
        }

        @Test
        void logRequestedIsInfoWhenNothingIsGiven() {
            assertSame(LogLevel.INFO, Config.logRequested(null, NONE, NONE));
        }
    }

    @Nested
    class Vocabulary {
        @ParameterizedTest
        @EnumSource(Option.class)
        void eachOptionHasThreeSpellingsThatPairVisibly(Option option) {
            String name = option.argName();

            assertEquals("dnspatch." + name, option.propertyName());
            assertEquals("DNSPATCH_" + name.toUpperCase(Locale.ROOT), option.envName());
        }

        @Test
        void optionNamesAreTheDocumentedOnes() {
            assertEquals(List.of("hosts", "mode", "log", "engine", "strict", "netty"),
                    Stream.of(Option.values()).map(Option::argName).toList());
        }

        @Test
        void modesKnowTheirFamilyAndWhetherTheyDropTheOther() {
            assertTrue(Mode.IPV4_ONLY.prefersIpv4() && Mode.IPV4_ONLY.dropsOtherFamily());
            assertTrue(Mode.IPV4_FIRST.prefersIpv4() && !Mode.IPV4_FIRST.dropsOtherFamily());
            assertTrue(!Mode.IPV6_ONLY.prefersIpv4() && Mode.IPV6_ONLY.dropsOtherFamily());
            assertTrue(!Mode.IPV6_FIRST.prefersIpv4() && !Mode.IPV6_FIRST.dropsOtherFamily());
            assertEquals("IPv4", Mode.IPV4_FIRST.familyName());
            assertEquals("IPv6", Mode.IPV4_FIRST.otherFamilyName());
            assertEquals("IPv6", Mode.IPV6_ONLY.familyName());
            assertEquals("IPv4", Mode.IPV6_ONLY.otherFamilyName());
        }

        @Test
        void wordsAreLowerCaseWithDashes() {
            assertEquals(List.of("ipv4-only", "ipv4-first", "ipv6-only", "ipv6-first", "auto"),
                    Stream.of(Mode.values()).map(Mode::word).toList());
            assertEquals(List.of("off", "error", "warn", "info", "debug"),
                    Stream.of(LogLevel.values()).map(LogLevel::word).toList());
            assertEquals(List.of("auto", "spi", "instrument"),
                    Stream.of(EngineChoice.values()).map(EngineChoice::word).toList());
        }

        @Test
        void aLogLevelIncludesTheMoreSevereLevelsAndOffIncludesNothing() {
            assertTrue(LogLevel.INFO.includes(LogLevel.ERROR));
            assertTrue(LogLevel.INFO.includes(LogLevel.WARN));
            assertTrue(LogLevel.INFO.includes(LogLevel.INFO));
            assertFalse(LogLevel.INFO.includes(LogLevel.DEBUG));
            assertTrue(LogLevel.DEBUG.includes(LogLevel.DEBUG));
            assertFalse(LogLevel.ERROR.includes(LogLevel.WARN));
            for (LogLevel level : LogLevel.values()) {
                assertFalse(LogLevel.OFF.includes(level), level.word());
            }
        }
    }
}
