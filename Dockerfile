# The scanner in a container: the .NET tool (as `dotnet tool install` puts it), Debian's Chromium and CJK fonts
# (the packages .ci/run installs and the tests run against), a non-root user, and `scanner` as the entrypoint.
#
#   docker build -t scanner .
#   docker run --rm -v "$PWD/out:/out" scanner scan https://www.example.gov.cn/ --max-depth 2 \
#       -f html -o /out/report.html -f sarif -o /out/scan.sarif
#
# The reports land in ./out on the host (make it writable by uid 10001: mkdir -p out && chmod 777 out).
# See docs/deploy.md for the sandbox, a built site mounted as a target, and remote browsers.

# Build stage: pack the CLI as a .NET tool and install it into a tool path, exactly as ToolInstallProcessTests does.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN version="$(dotnet msbuild src/Scanner.Cli/Scanner.Cli.csproj -getProperty:Version)" \
 && dotnet pack src/Scanner.Cli/Scanner.Cli.csproj -c Release -o /feed \
 && dotnet tool install Scanner.Cli --tool-path /opt/scanner --add-source /feed --version "$version" \
 && chmod -R a+rX /opt/scanner
# chmod: NuGet unpacks files as 0744, so a user other than the installer could not run Playwright's node driver.

# Run stage: Debian (trixie) with the ASP.NET Core runtime (the scanner serves local folders on loopback).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-trixie-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk publicsuffix \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/scanner /opt/scanner
# Not root: Chromium keeps its sandbox (the scanner passes --no-sandbox only as root), and reports are not root's files.
RUN useradd --uid 10001 --create-home --shell /usr/sbin/nologin scanner \
 && mkdir -p /out && chown scanner /out
USER scanner
WORKDIR /work
ENV SCANNER_BROWSER=/usr/bin/chromium \
    DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
ENTRYPOINT ["/opt/scanner/scanner"]
CMD ["--help"]
