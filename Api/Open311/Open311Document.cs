using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;

namespace Lapor.Api.Open311;

/// <summary>
/// One Open311 answer as a tree, written either as XML (the required format) or as JSON by the Spark convention the
/// specification uses: a container of one repeating element is an array, any other element an object, a leaf a
/// value. Building both formats from one tree keeps them the same document.
/// </summary>
public abstract record O311Node(string Name);

/// <summary>A leaf: string, bool, int, long, double, <see cref="DateTimeOffset"/> (W3C date-time) or null.</summary>
public sealed record O311Value(string Name, object? Value) : O311Node(Name);

/// <summary>An element with named children, in order.</summary>
public sealed record O311Object(string Name, IReadOnlyList<O311Node> Children) : O311Node(Name);

/// <summary>A container of repeating <paramref name="Items"/> (all named alike): an array in JSON.</summary>
public sealed record O311List(string Name, IReadOnlyList<O311Node> Items) : O311Node(Name);

public static class O311Writer
{
    public const string XmlContentType = "text/xml; charset=utf-8";
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>W3C date-time with the offset of the instant (e.g. 2026-03-13T10:00:00+07:00), or Z for UTC.</summary>
    public static string W3C(DateTimeOffset at) =>
        at.Offset == TimeSpan.Zero
            ? at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static byte[] ToXml(O311Node root)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, OmitXmlDeclaration = false };
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            WriteXml(xml, root);
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    public static byte[] ToJson(O311Node root)
    {
        using var buffer = new MemoryStream();
        // Served as application/json only, so characters need no HTML escaping (a '+' in an offset stays '+').
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(json, root);
        }

        return buffer.ToArray();
    }

    private static void WriteXml(XmlWriter xml, O311Node node)
    {
        xml.WriteStartElement(node.Name);
        switch (node)
        {
            case O311Value { Value: null }:
                break;
            case O311Value leaf:
                xml.WriteString(XmlSafe(Text(leaf.Value!)));
                break;
            case O311Object obj:
                foreach (var child in obj.Children)
                {
                    WriteXml(xml, child);
                }

                break;
            case O311List list:
                foreach (var item in list.Items)
                {
                    WriteXml(xml, item);
                }

                break;
        }

        xml.WriteEndElement();
    }

    private static void WriteJson(Utf8JsonWriter json, O311Node node)
    {
        switch (node)
        {
            case O311Value leaf:
                WriteJsonValue(json, leaf.Value);
                break;
            case O311Object obj:
                json.WriteStartObject();
                foreach (var child in obj.Children)
                {
                    json.WritePropertyName(child.Name);
                    WriteJson(json, child);
                }

                json.WriteEndObject();
                break;
            case O311List list:
                json.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
        }
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d: json.WriteNumberValue(d); break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTimeOffset at => W3C(at),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Replaces characters XML 1.0 cannot carry (stray control characters, lone surrogates) with U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = char.IsHighSurrogate(c)
                ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : !char.IsLowSurrogate(c) && XmlConvert.IsXmlChar(c);
            if (ok && char.IsHighSurrogate(c))
            {
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!ok)
            {
                safe ??= new StringBuilder(text, 0, i, text.Length);
                safe.Append('\uFFFD');
                continue;
            }

            safe?.Append(c);
        }

        return safe?.ToString() ?? text;
    }
}
