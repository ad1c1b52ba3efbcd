using ObjectStore.Objects;

namespace ObjectStore.Storage;

public sealed record DeadLetterRecord(MessageKey Message, int Attempts, DateTimeOffset DeadSince, LogEntry Entry);
