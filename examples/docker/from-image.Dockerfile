# Adds dnspatch to an existing Java app image, taking the jar from the release image
# ghcr.io/dnspatch/dnspatch-agent (it holds /dnspatch-agent.jar and /LICENSE, nothing else): no
# download step, and the image digest pins the exact jar.
#
#   docker build -f examples/docker/from-image.Dockerfile --build-arg APP_IMAGE=my-api:1.4 \
#       --build-arg DNSPATCH_HOSTS='*.supabase.co' -t my-api:1.4-dnspatch examples/docker
#
# Needs a builder with multi-stage builds (Docker 17.05 or later, BuildKit, Buildah, Kaniko).
# DockerScenarioTest builds this file with the image loaded from the build's tarball.
ARG DNSPATCH_IMAGE=ghcr.io/dnspatch/dnspatch-agent:0.1.0
ARG APP_IMAGE=eclipse-temurin:25-jre
FROM ${DNSPATCH_IMAGE} AS dnspatch

FROM ${APP_IMAGE}
# The host patterns to patch (comma-separated; *.example.com matches every name below example.com).
ARG DNSPATCH_HOSTS=*.supabase.co
COPY --from=dnspatch /dnspatch-agent.jar /opt/dnspatch/dnspatch-agent.jar
# Options the image already had (heap size, for one) are kept, after the agent.
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/dnspatch/dnspatch-agent.jar=hosts=${DNSPATCH_HOSTS} ${JAVA_TOOL_OPTIONS}"
