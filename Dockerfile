# syntax=docker/dockerfile:1

# --- build: the same command as the README, tests skipped (CI runs them) ---
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# the Maven cache survives between builds (BuildKit); mvnw fetches Maven itself
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw && ./mvnw -B package -DskipTests

# --- run: just the JRE and the jar, as an unprivileged user ---
FROM eclipse-temurin:21-jre
RUN groupadd --system rollcall \
    && useradd --system --gid rollcall --home-dir /app --no-create-home rollcall \
    && mkdir -p /app/data \
    && chown -R rollcall:rollcall /app
WORKDIR /app
COPY --from=build --chown=rollcall:rollcall /src/app/target/rollcall.jar /app/rollcall.jar
USER rollcall
# DATA_DIR only matters without DB_URL (embedded database); docker-compose.yml sets DB_URL
ENV PORT=8000 \
    DATA_DIR=/app/data
EXPOSE 8000
ENTRYPOINT ["java", "-jar", "/app/rollcall.jar"]
