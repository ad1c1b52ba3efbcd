namespace ObjectStore.Hosting;

/// <summary>
/// References to the grains of one interface by string key. <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string)"/>
/// looks the interface's type name up in its attributes, by reflection, on every call: a few microseconds, about 4 % of
/// the CPU of a write to one busy partition for the two lookups a write made. This looks it up once, from a first
/// reference, and makes every later reference from the grain id and that interface type.
/// </summary>
public sealed class GrainReferences<TGrainInterface>
    where TGrainInterface : IGrainWithStringKey
{
    private readonly IGrainFactory _grains;
    private readonly GrainType _grainType;
    private readonly GrainInterfaceType _interfaceType;

    public GrainReferences(IGrainFactory grains)
    {
        var first = (GrainReference)(object)grains.GetGrain<TGrainInterface>("any key");
        _grains = grains;
        _grainType = first.GrainId.Type;
        _interfaceType = first.InterfaceType;
    }

    /// <summary>The grain under <paramref name="key"/>, as <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string)"/> gives it.</summary>
    public TGrainInterface Get(string key) => (TGrainInterface)_grains.GetGrain(GrainId.Create(_grainType, key), _interfaceType);
}
