using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Lapor.Api.Tests.Attachments;

/// <summary>
/// Real files built in the test: images encoded by SkiaSharp, then given the metadata a phone camera writes (an Exif
/// APP1 segment with GPS coordinates, an XMP packet, a comment; PNG eXIf and tEXt chunks), a minimal PDF and an MP4.
/// </summary>
public static class TestFiles
{
    public const double Latitude = -7.966620;
    public const double Longitude = 112.632632;
    public const string XmpMarker = "lokasi-rahasia-ijen";

    private static SKBitmap Picture()
    {
        var bitmap = new SKBitmap(32, 24);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.SteelBlue);
        using var paint = new SKPaint { Color = SKColors.Orange };
        canvas.DrawRect(4, 4, 12, 10, paint);
        return bitmap;
    }

    public static byte[] Encode(SKEncodedImageFormat format)
    {
        using var bitmap = Picture();
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A JPEG straight from the encoder with an Exif segment (GPS), an XMP segment and a comment added after SOI.</summary>
    public static byte[] JpegWithGps()
    {
        var jpeg = Encode(SKEncodedImageFormat.Jpeg);
        var xmp = Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><rdf:Description "
            + $"xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='7,57.99S' exif:UserComment='{XmpMarker}'/></rdf:RDF></x:xmpmeta>");
        var comment = Encoding.ASCII.GetBytes("dipotret oleh " + XmpMarker);
        using var file = new MemoryStream();
        file.Write(jpeg, 0, 2);
        Segment(file, 0xE1, Exif());
        Segment(file, 0xE1, xmp);
        Segment(file, 0xFE, comment);
        file.Write(jpeg, 2, jpeg.Length - 2);
        return file.ToArray();
    }

    /// <summary><see cref="JpegWithGps"/> with comment segments added until the file is at least <paramref name="bytes"/> long.</summary>
    public static byte[] JpegOfAtLeast(int bytes)
    {
        var jpeg = JpegWithGps();
        using var file = new MemoryStream();
        file.Write(jpeg, 0, 2);
        var filler = new byte[60_000];
        Array.Fill(filler, (byte)'x');
        while (file.Length + jpeg.Length < bytes)
        {
            Segment(file, 0xFE, filler);
        }

        file.Write(jpeg, 2, jpeg.Length - 2);
        return file.ToArray();
    }

    private static void Segment(Stream file, byte marker, byte[] payload)
    {
        file.WriteByte(0xFF);
        file.WriteByte(marker);
        var length = payload.Length + 2;
        file.WriteByte((byte)(length >> 8));
        file.WriteByte((byte)length);
        file.Write(payload);
    }

    /// <summary>"Exif\0\0" and a little-endian TIFF: IFD0 with a GPS pointer, the GPS IFD with latitude and longitude.</summary>
    private static byte[] Exif()
    {
        var tiff = new byte[200];
        var s = tiff.AsSpan();
        "II"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 8);
        // IFD0 at 8: one entry (GPSInfo, LONG, 1, offset 26), next IFD 0.
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], 1);
        Entry(s[10..], 0x8825, 4, 1, 26);
        BinaryPrimitives.WriteUInt32LittleEndian(s[22..], 0);
        // GPS IFD at 26: four entries, next 0, rationals at 80.
        BinaryPrimitives.WriteUInt16LittleEndian(s[26..], 4);
        Entry(s[28..], 0x0001, 2, 2, 'S');
        Entry(s[40..], 0x0002, 5, 3, 80);
        Entry(s[52..], 0x0003, 2, 2, 'E');
        Entry(s[64..], 0x0004, 5, 3, 104);
        BinaryPrimitives.WriteUInt32LittleEndian(s[76..], 0);
        Dms(s[80..], Math.Abs(Latitude));
        Dms(s[104..], Longitude);
        return [.. "Exif\0\0"u8, .. tiff.AsSpan(0, 128)];
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    private static void Dms(Span<byte> at, double degrees)
    {
        var d = (uint)degrees;
        var minutes = (degrees - d) * 60;
        var m = (uint)minutes;
        var micro = (uint)Math.Round((minutes - m) * 60 * 10000);
        uint[] values = [d, 1, m, 1, micro, 10000];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(at[(i * 4)..], values[i]);
        }
    }

    /// <summary>A PNG from the encoder with an eXIf chunk (the same GPS Exif) and a tEXt chunk inserted before IEND.</summary>
    public static byte[] PngWithText()
    {
        var png = Encode(SKEncodedImageFormat.Png);
        var iend = png.Length - 12;
        using var file = new MemoryStream();
        file.Write(png, 0, iend);
        Chunk(file, "eXIf", Exif()[6..]);
        Chunk(file, "tEXt", Encoding.Latin1.GetBytes("Comment\0" + XmpMarker));
        file.Write(png, iend, 12);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        file.Write(header);
        file.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. header.AsSpan(4), .. data]));
        file.Write(crc);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    public static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        + "trailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>An MP4 whose top-level boxes (ftyp, moov, mdat) fill the file.</summary>
    public static byte[] Mp4()
    {
        using var file = new MemoryStream();
        Box(file, "ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isomiso2mp41"u8]);
        Box(file, "moov", [.. BoxBytes("mvhd", new byte[100])]);
        Box(file, "mdat", new byte[64]);
        return file.ToArray();
    }

    private static byte[] BoxBytes(string type, byte[] payload)
    {
        using var box = new MemoryStream();
        Box(box, type, payload);
        return box.ToArray();
    }

    private static void Box(Stream file, string type, byte[] payload)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(payload.Length + 8));
        Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        file.Write(header);
        file.Write(payload);
    }

    /// <summary>A Windows program, whatever it is called.</summary>
    public static byte[] Program() => [.. "MZ"u8, .. new byte[200]];
}
