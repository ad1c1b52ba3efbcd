# The Silo image: docker compose builds it for the two silos of docker-compose.yml.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# HTTP, silo-to-silo, and the gateway that Orleans clients connect to.
EXPOSE 8080 11111 30000
ENV ASPNETCORE_URLS=http://+:8080
# The image runs the silos of a cluster, which are there to be busy: tiered compilation's profile-guided code is worth
# the recompilation it costs (the Silo project turns it off, for the single silo that should stay idle; README).
ENV DOTNET_TieredCompilation=1
ENTRYPOINT ["dotnet", "ObjectStore.Silo.dll"]
