# The perturbkg application: CLI and (with `serve`) the admin web server.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Admin/PerturbKG.Admin.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# HDF5 for GCTX files (Debian names it libhdf5-103-1, Ubuntu 24.04 libhdf5-103-1t64).
RUN apt-get update \
    && (apt-get install -y --no-install-recommends wget libjemalloc2 libhdf5-103-1t64 || apt-get install -y --no-install-recommends wget libjemalloc2 libhdf5-103-1) \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
RUN ln -s /app/perturbkg /usr/local/bin/perturbkg
VOLUME /data
WORKDIR /data
ENTRYPOINT ["perturbkg"]
CMD ["demo", "--work", "/data/demo"]
