using System.Buffers.Binary;

namespace Lapor.Api.Attachments;

/// <summary>
/// Walks a received file's structure to the end: a file that stops early (truncated) or does not hang together is
/// refused. Images are rewritten on the way without the metadata that can carry a location or a name: JPEG APP1
/// (Exif, XMP), APP13 (IPTC) and other vendor APPn segments and comments; PNG eXIf, tEXt, zTXt and iTXt chunks; WebP
/// EXIF and XMP chunks (and their VP8X flags). Colour profiles (JPEG APP2, PNG iCCP, WebP ICCP) are kept.
/// Everything streams through small buffers: no file is ever held whole in memory.
/// </summary>
public static class FileCheck
{
    /// <summary>Checks <paramref name="input"/> (seekable, at 0) of <paramref name="kind"/>; images are written stripped to <paramref name="stripped"/>.</summary>
    public static void Run(FileKind kind, Stream input, Stream? stripped)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(input);
        if (kind.IsImage)
        {
            ArgumentNullException.ThrowIfNull(stripped);
            using var reader = new BufferedStream(input, 64 * 1024);
            var writer = new BufferedStream(stripped, 64 * 1024);
            if (kind == FileKind.Jpeg)
            {
                Jpeg(reader, writer);
            }
            else if (kind == FileKind.Png)
            {
                Png(reader, writer);
            }
            else
            {
                WebP(reader, writer, input.Length);
            }

            writer.Flush();
            if (kind == FileKind.WebP)
            {
                // The RIFF size counts what was kept.
                Span<byte> size = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(size, checked((uint)(stripped.Length - 8)));
                stripped.Position = 4;
                stripped.Write(size);
                stripped.Position = stripped.Length;
            }

            stripped.Flush();
            return;
        }

        if (kind == FileKind.Pdf)
        {
            Pdf(input);
        }
        else
        {
            IsoMedia(input);
        }
    }

    // ---- JPEG -----------------------------------------------------------------------------------------------------

    private static bool DropJpegSegment(int marker) =>
        marker == 0xE1 // APP1: Exif (GPS, camera, owner) and XMP
        || marker == 0xFE // comment
        || (marker >= 0xE3 && marker <= 0xED) // APP3–APP13: vendor metadata, IPTC (APP13)
        || marker == 0xEF;

    private static void Jpeg(Stream input, Stream output)
    {
        if (Byte(input) != 0xFF || Byte(input) != 0xD8)
        {
            throw new DamagedFileException("no JPEG start");
        }

        output.WriteByte(0xFF);
        output.WriteByte(0xD8);
        var pending = -1;
        while (true)
        {
            int marker;
            if (pending >= 0)
            {
                marker = pending;
                pending = -1;
            }
            else
            {
                if (Byte(input) != 0xFF)
                {
                    throw new DamagedFileException("JPEG segment without marker");
                }

                do
                {
                    marker = Byte(input);
                }
                while (marker == 0xFF);
            }

            if (marker == 0xD9)
            {
                // End of image; anything appended after it is not passed on.
                output.WriteByte(0xFF);
                output.WriteByte(0xD9);
                return;
            }

            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD7 || marker == 0xD8 || marker == 0x00)
            {
                if (marker is 0xD8 or 0x00)
                {
                    throw new DamagedFileException("unexpected JPEG marker");
                }

                output.WriteByte(0xFF);
                output.WriteByte((byte)marker);
                continue;
            }

            var high = Byte(input);
            var low = Byte(input);
            var length = (high << 8) | low;
            if (length < 2)
            {
                throw new DamagedFileException("JPEG segment length");
            }

            if (DropJpegSegment(marker))
            {
                Skip(input, length - 2);
                continue;
            }

            output.WriteByte(0xFF);
            output.WriteByte((byte)marker);
            output.WriteByte((byte)high);
            output.WriteByte((byte)low);
            Copy(input, output, length - 2);
            if (marker == 0xDA)
            {
                pending = ScanData(input, output);
            }
        }
    }

    /// <summary>Copies entropy-coded data up to the next real marker, which it returns (stuffed zeros and restarts pass).</summary>
    private static int ScanData(Stream input, Stream output)
    {
        while (true)
        {
            var b = Byte(input);
            if (b != 0xFF)
            {
                output.WriteByte((byte)b);
                continue;
            }

            var next = Byte(input);
            while (next == 0xFF)
            {
                next = Byte(input);
            }

            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                output.WriteByte(0xFF);
                output.WriteByte((byte)next);
                continue;
            }

            return next;
        }
    }

    // ---- PNG ------------------------------------------------------------------------------------------------------

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static void Png(Stream input, Stream output)
    {
        Span<byte> header = stackalloc byte[8];
        Exactly(input, header);
        if (!header.SequenceEqual(PngSignature))
        {
            throw new DamagedFileException("no PNG signature");
        }

        output.Write(header);
        while (true)
        {
            Exactly(input, header);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length > int.MaxValue)
            {
                throw new DamagedFileException("PNG chunk length");
            }

            var type = header[4..8];
            var drop = type.SequenceEqual("eXIf"u8) || type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8);
            if (drop)
            {
                Skip(input, length + 4L);
                continue;
            }

            output.Write(header);
            Copy(input, output, length + 4L);
            if (type.SequenceEqual("IEND"u8))
            {
                return;
            }
        }
    }

    // ---- WebP -----------------------------------------------------------------------------------------------------

    private static void WebP(Stream input, Stream output, long fileLength)
    {
        Span<byte> header = stackalloc byte[12];
        Exactly(input, header);
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..8]);
        if (riffSize + 8L != fileLength)
        {
            throw new DamagedFileException("RIFF size does not match the file");
        }

        output.Write(header);
        var remaining = riffSize - 4L;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> vp8x = stackalloc byte[64];
        while (remaining > 0)
        {
            Exactly(input, chunk);
            var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..8]);
            var padded = size + (size & 1);
            if (8 + padded > remaining)
            {
                throw new DamagedFileException("WebP chunk runs past the end");
            }

            remaining -= 8 + padded;
            var type = chunk[..4];
            if (type.SequenceEqual("EXIF"u8) || type.SequenceEqual("XMP "u8))
            {
                Skip(input, padded);
            }
            else if (type.SequenceEqual("VP8X"u8))
            {
                if (padded is < 4 or > 64)
                {
                    throw new DamagedFileException("VP8X size");
                }

                var flags = vp8x[..(int)padded];
                Exactly(input, flags);
                flags[0] &= unchecked((byte)~(0x08 | 0x04)); // EXIF and XMP present: no longer
                output.Write(chunk);
                output.Write(flags);
            }
            else
            {
                output.Write(chunk);
                Copy(input, output, padded);
            }
        }
    }

    // ---- PDF and ISO media (checked, not rewritten) ---------------------------------------------------------------

    private static void Pdf(Stream input)
    {
        var tail = (int)Math.Min(1024, input.Length);
        var buffer = new byte[tail];
        input.Position = input.Length - tail;
        Exactly(input, buffer);
        if (buffer.AsSpan().IndexOf("%%EOF"u8) < 0)
        {
            throw new DamagedFileException("PDF without %%EOF");
        }
    }

    /// <summary>MP4 and QuickTime: the top-level boxes must fill the file exactly and include the movie header (moov).</summary>
    private static void IsoMedia(Stream input)
    {
        var length = input.Length;
        long position = 0;
        var movie = false;
        Span<byte> header = stackalloc byte[16];
        while (position < length)
        {
            if (length - position < 8)
            {
                throw new DamagedFileException("box header cut");
            }

            input.Position = position;
            Exactly(input, header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerSize = 8;
            if (size == 1)
            {
                if (length - position < 16)
                {
                    throw new DamagedFileException("box header cut");
                }

                Exactly(input, header[8..16]);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..16]);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - position;
            }

            if (size < headerSize || size > length - position)
            {
                throw new DamagedFileException("box runs past the end");
            }

            movie |= header[4..8].SequenceEqual("moov"u8);
            position += size;
        }

        if (!movie)
        {
            throw new DamagedFileException("no movie header");
        }
    }

    // ---- stream helpers -------------------------------------------------------------------------------------------

    private static int Byte(Stream input)
    {
        var b = input.ReadByte();
        return b < 0 ? throw new DamagedFileException("file ends early") : b;
    }

    private static void Exactly(Stream input, Span<byte> buffer)
    {
        try
        {
            input.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new DamagedFileException("file ends early", e);
        }
    }

    private static void Copy(Stream input, Stream output, long count)
    {
        Span<byte> buffer = stackalloc byte[8192];
        while (count > 0)
        {
            var n = input.Read(buffer[..(int)Math.Min(buffer.Length, count)]);
            if (n == 0)
            {
                throw new DamagedFileException("file ends early");
            }

            output.Write(buffer[..n]);
            count -= n;
        }
    }

    private static void Skip(Stream input, long count)
    {
        Span<byte> buffer = stackalloc byte[8192];
        while (count > 0)
        {
            var n = input.Read(buffer[..(int)Math.Min(buffer.Length, count)]);
            if (n == 0)
            {
                throw new DamagedFileException("file ends early");
            }

            count -= n;
        }
    }
}
