using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectStore.Errors;
using ObjectStore.Objects;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Http;

/// <summary>
/// What the tests of refused requests share: a scene to be refused in (a fresh partition holding one object), request
/// templates filled from it, and the state a refused request must leave as it was, read through the API by the owner.
/// </summary>
public abstract class RefusalTestBase(HttpSiloFixture fixture) : HttpApiTestBase(fixture)
{
    protected const string StoredType = "com.symphony.s2.model.object.StoredApplicationObject";
    protected const string UpsertType = "com.symphony.s2.model.object.UpsertPartitionRequest";
    protected const string PartitionIdType = "com.symphony.s2.model.object.NamedUserIdObject";

    /// <summary>Stands for bytes that are not UTF-8 in a template (<see cref="BodyOf"/>).</summary>
    protected const string InvalidUtf8 = "{INVALID-UTF8}";

    /// <summary>Stands for U+D800 encoded as UTF-8 would encode it (ED A0 80), bytes that are not valid UTF-8.</summary>
    protected const string SurrogateUtf8 = "{SURROGATE-UTF8}";

    /// <summary>A hash that names nothing stored: the hash of bytes no test stores.</summary>
    protected static Hash UnknownHash() => CanonicalJson.HashOf(Guid.NewGuid().ToByteArray());

    /// <summary>A fresh partition of <see cref="HttpApiTestBase.Owner"/> with one object at sort key "existing".</summary>
    protected async Task<Scene> NewSceneAsync()
    {
        var name = $"partition-{Guid.NewGuid():N}";
        var partition = await NewPartitionAsync(name);
        using var owner = Silo.As(Owner);
        var existing = await StoreAsync(owner, NewObject(partition, "existing"));
        return new Scene(name, partition, existing);
    }

    /// <summary>Everything the owner can see of the scene: the partition, its users, its page, and the existing object's versions and current version.</summary>
    protected async Task<string> StateOfAsync(Scene scene)
    {
        using var owner = Silo.As(Owner);
        var partition = $"/object/v1/partitions/{Escape(scene.Partition)}";
        var existing = $"/object/v1/objects/{Escape(scene.ExistingHash)}";
        var state = new StringBuilder();
        foreach (var path in new[] { partition, $"{partition}/users", $"{partition}/page", $"{existing}/versions", $"{existing}?currentVersion=true" })
        {
            using var response = await owner.GetAsync(path);

            // A problem's body holds a trace id of its own request; its status is what stays the same.
            var body = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            state.Append(CultureInfo.InvariantCulture, $"GET {path}: {(int)response.StatusCode}\n{body}\n");
        }

        return state.ToString();
    }

    /// <summary>
    /// A JSON request body whose <see cref="InvalidUtf8"/> markers become bytes that are not UTF-8 (FF FE), and whose
    /// <see cref="SurrogateUtf8"/> markers become U+D800 encoded as UTF-8 would encode it (ED A0 80), also not UTF-8.
    /// </summary>
    protected static ByteArrayContent BodyOf(string template)
    {
        var bytes = Encoded(template, InvalidUtf8, [0xFF, 0xFE], part => Encoded(part, SurrogateUtf8, [0xED, 0xA0, 0x80], Encoding.UTF8.GetBytes));
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static byte[] Encoded(string template, string marker, byte[] markerBytes, Func<string, byte[]> encodePart) =>
        template.Split(marker).Select(encodePart).Aggregate((before, after) => [.. before, .. markerBytes, .. after]);

    /// <summary>
    /// The URL-safe hash to PUT a body at: its own when it is JSON, so that it is refused for what is wrong with it
    /// rather than for being sent at another hash.
    /// </summary>
    protected static string PathHashOf(string body)
    {
        try
        {
            return HashOf(body.Replace(InvalidUtf8, "", StringComparison.Ordinal)).ToUrlSafe();
        }
        catch (Exception e) when (e is JsonException or InvalidInputException)
        {
            return UnknownHash().ToUrlSafe();
        }
    }

    /// <param name="Name">The partition's name (its id is {name, Owner}).</param>
    /// <param name="Partition">The partition hash.</param>
    /// <param name="Existing">The canonical JSON of the object stored at sort key "existing".</param>
    protected sealed record Scene(string Name, string Partition, string Existing)
    {
        public string ExistingHash => HashOf(Existing).Value;

        /// <summary>
        /// Fills a template: {N} the partition's name, {P} its hash and {E} the existing object's hash as bodies write
        /// them, {Pu} and {Eu} as paths do, {H} a hash that names nothing.
        /// </summary>
        public string Fill(string template) => template
            .Replace("{N}", Name, StringComparison.Ordinal)
            .Replace("{P}", Partition, StringComparison.Ordinal)
            .Replace("{Pu}", Escape(Partition), StringComparison.Ordinal)
            .Replace("{E}", ExistingHash, StringComparison.Ordinal)
            .Replace("{Eu}", Escape(ExistingHash), StringComparison.Ordinal)
            .Replace("{H}", Escape(UnknownHash().Value), StringComparison.Ordinal);
    }
}
