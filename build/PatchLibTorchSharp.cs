// An MSBuild task (compiled by RoslynCodeTaskFactory, see LibTorchSharp.targets) that lets TorchSharp's native
// library load on distributions whose libstdc++ predates GCC 13 (Debian 12). Why and how: docs/adr/005.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchLibTorchSharp : Task
{
    private const uint VerneedSection = 0x6ffffffe, VersymSection = 0x6fffffff, DynsymSection = 11;
    private const ushort WeakFlag = 0x2;
    private const string Version = "GLIBCXX_3.4.32", Symbol = "_ZSt21ios_base_library_initv";

    /// <summary>The build or publish output folder; every libLibTorchSharp.so under it is checked.</summary>
    [Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return true;
        }

        var libraries = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libraries.Length == 0)
        {
            return true;
        }

        var provided = SystemLibstdcxxVersions();
        if (provided is null)
        {
            Log.LogMessage(MessageImportance.Normal, "libstdc++.so.6 not found in the usual places; TorchSharp's native library left as it is.");
            return true;
        }

        foreach (var path in libraries)
        {
            try
            {
                Patch(path, provided);
            }
            catch (InvalidDataException e)
            {
                Log.LogError("{0}: {1}", path, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void Patch(string path, HashSet<string> provided)
    {
        var bytes = File.ReadAllBytes(path);
        var elf = new Elf(bytes);
        var needs = elf.StdcxxNeeds();
        var missing = needs.Where(n => !provided.Contains(n.Name)).ToList();
        if (missing.Count == 0 || missing.All(n => (n.Flags & WeakFlag) != 0 && elf.SymbolsBoundTo(n.Index).Count == 0))
        {
            Log.LogMessage(MessageImportance.Low, "{0}: loads with this libstdc++ as it is.", path);
            return;
        }

        if (missing.Any(n => n.Name != Version))
        {
            throw new InvalidDataException($"needs {string.Join(", ", missing.Select(n => n.Name))} of libstdc++.so.6, which this system lacks; only {Version} can be waived. Install a newer libstdc++ (GCC 13+).");
        }

        var need = missing[0];
        var bound = elf.SymbolsBoundTo(need.Index);
        if (bound.Any(s => s.Name != Symbol))
        {
            throw new InvalidDataException($"symbols other than {Symbol} need {Version} ({string.Join(", ", bound.Select(s => s.Name).Where(n => n != Symbol))}); it cannot be waived.");
        }

        elf.WriteUInt16(need.FlagsOffset, (ushort)(need.Flags | WeakFlag)); // the loader tolerates a weak version it cannot find
        foreach (var symbol in bound)
        {
            elf.WriteUInt16(symbol.VersymOffset, 1); // VER_NDX_GLOBAL: the link-time marker no longer asks for 3.4.32
        }

        File.WriteAllBytes(path, bytes);
        Log.LogMessage(MessageImportance.High, "{0}: waived {1} (only {2} asked for it, and nothing relocates against it).", path, Version, Symbol);
    }

    private static HashSet<string>? SystemLibstdcxxVersions()
    {
        var candidates = new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
        };
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }

        // Version names are NUL-terminated strings in the library's dynamic string table.
        var text = Encoding.ASCII.GetString(File.ReadAllBytes(path));
        return new HashSet<string>(text.Split('\0').Where(s => s.StartsWith("GLIBCXX_", StringComparison.Ordinal) || s.StartsWith("CXXABI_", StringComparison.Ordinal)));
    }

    // Plain classes: the task factory compiles against netstandard, which has no records.
    private sealed class Need
    {
        public Need(string name, ushort index, ushort flags, int flagsOffset) => (Name, Index, Flags, FlagsOffset) = (name, index, flags, flagsOffset);

        public string Name { get; }

        public ushort Index { get; }

        public ushort Flags { get; }

        public int FlagsOffset { get; }
    }

    private sealed class BoundSymbol
    {
        public BoundSymbol(string name, int versymOffset) => (Name, VersymOffset) = (name, versymOffset);

        public string Name { get; }

        public int VersymOffset { get; }
    }

    // Just enough of ELF64 little-endian: section headers, the dynamic symbol table and its version sections.
    private sealed class Elf
    {
        private readonly byte[] _b;
        private readonly List<(uint Type, long Offset, long Size, uint Link, long EntrySize)> _sections = new();

        public Elf(byte[] bytes)
        {
            _b = bytes;
            if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F' || bytes[4] != 2 || bytes[5] != 1)
            {
                throw new InvalidDataException("not a little-endian 64-bit ELF file.");
            }

            var (shoff, shentsize, shnum) = ((long)U64(0x28), U16(0x3a), U16(0x3c));
            for (var i = 0; i < shnum; i++)
            {
                var at = shoff + (i * shentsize);
                _sections.Add((U32(at + 4), (long)U64(at + 0x18), (long)U64(at + 0x20), U32(at + 0x28), (long)U64(at + 0x38)));
            }
        }

        public List<Need> StdcxxNeeds()
        {
            var needs = new List<Need>();
            var section = _sections.FirstOrDefault(s => s.Type == VerneedSection);
            if (section.Size == 0)
            {
                return needs;
            }

            var strings = _sections[(int)section.Link].Offset;
            for (var at = section.Offset; ;)
            {
                var (count, file, aux, next) = (U16(at + 2), U32(at + 4), U32(at + 8), U32(at + 12));
                if (Text(strings + file) == "libstdc++.so.6")
                {
                    for (long a = at + aux, k = 0; k < count; k++)
                    {
                        needs.Add(new Need(Text(strings + U32(a + 8)), U16(a + 6), U16(a + 4), (int)(a + 4)));
                        a += U32(a + 12);
                    }
                }

                if (next == 0)
                {
                    return needs;
                }

                at += next;
            }
        }

        public List<BoundSymbol> SymbolsBoundTo(ushort index)
        {
            var symbols = _sections.FirstOrDefault(s => s.Type == DynsymSection);
            var versions = _sections.FirstOrDefault(s => s.Type == VersymSection);
            var bound = new List<BoundSymbol>();
            if (symbols.Size == 0 || versions.Size == 0)
            {
                return bound;
            }

            var strings = _sections[(int)symbols.Link].Offset;
            for (long i = 0; i < symbols.Size / symbols.EntrySize; i++)
            {
                var versym = versions.Offset + (2 * i);
                if ((U16(versym) & 0x7fff) == index)
                {
                    bound.Add(new BoundSymbol(Text(strings + U32(symbols.Offset + (i * symbols.EntrySize))), (int)versym));
                }
            }

            return bound;
        }

        public void WriteUInt16(int offset, ushort value) => BitConverter.GetBytes(value).CopyTo(_b, offset);

        private ushort U16(long at) => BitConverter.ToUInt16(_b, (int)at);

        private uint U32(long at) => BitConverter.ToUInt32(_b, (int)at);

        private ulong U64(long at) => BitConverter.ToUInt64(_b, (int)at);

        private string Text(long at)
        {
            var end = Array.IndexOf(_b, (byte)0, (int)at);
            return Encoding.ASCII.GetString(_b, (int)at, end - (int)at);
        }
    }
}
