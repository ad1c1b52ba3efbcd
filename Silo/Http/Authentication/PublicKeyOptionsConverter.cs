using System.ComponentModel;
using System.Globalization;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>Binds <c>Authentication:PublicKeys:0=&lt;PEM&gt;</c>, a key given as plain text, to a key without an id.</summary>
internal sealed class PublicKeyOptionsConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string key ? new PublicKeyOptions { Key = key } : base.ConvertFrom(context, culture, value);
}
