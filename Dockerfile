# Rollcall image: build with JDK 17, run on JRE 21 as a non-root user, from Spring Boot's layered jar.
# Works with the classic builder and BuildKit alike (no BuildKit-only syntax).

# --- build --------------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src

# 1. Maven wrapper and poms only: this layer, and the dependency download below, are rebuilt only when a pom
#    or the wrapper changes, not on every source edit.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY api/pom.xml api/
COPY command-side/pom.xml command-side/
COPY query-side/pom.xml query-side/
COPY app/pom.xml app/
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

# 2. Sources, then the jar (tests are run by `./mvnw verify` / CI, not in the image build).
COPY api/src/ api/src/
COPY command-side/src/ command-side/src/
COPY query-side/src/ query-side/src/
COPY app/src/ app/src/
RUN ./mvnw -B -q package -DskipTests

# 3. Split the executable jar into Spring Boot's layers (Boot 3.3+ "tools" jar mode), launcher included.
RUN java -Djarmode=tools -jar app/target/rollcall.jar extract --layers --launcher --destination /extracted

# --- run ----------------------------------------------------------------------------------------------------
FROM eclipse-temurin:21-jre

# curl for the HEALTHCHECK (installed explicitly rather than relying on what the base image happens to ship)
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system rollcall \
    && useradd --system --gid rollcall --home-dir /app --no-create-home rollcall \
    && mkdir -p /app/data \
    && chown -R rollcall:rollcall /app
WORKDIR /app

# least to most frequently changing, so an application-only change rebuilds only the last layer
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./

USER rollcall
# DATA_DIR only matters without DB_URL (embedded database); docker-compose.yml sets DB_URL
ENV PORT=8000 \
    DATA_DIR=/app/data
EXPOSE 8000

# readiness: the Actuator readiness group at /health/ready (up once the app can take requests)
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null "http://localhost:${PORT}/health/ready" || exit 1

ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
