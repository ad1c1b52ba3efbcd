namespace ObjectStore.Condensation;

/// <summary>The three boxes of an account. Their wire names are <c>messages</c>, <c>private</c> and <c>public</c>.</summary>
public enum BoxLabel
{
    Messages = 0,
    Private = 1,
    Public = 2,
}
