namespace ObjectStore.Condensation;

/// <param name="ExpiresAt">An envelope's <c>expires</c>, in Unix milliseconds, when it has one.</param>
public sealed record ObjectFacts(int Size, bool IsEnvelope, long? ExpiresAt);
