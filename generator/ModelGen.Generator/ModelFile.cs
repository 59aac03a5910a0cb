using System;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelGen.Generator
{
    /// <summary>An .onnx AdditionalFile with its item metadata, read into equatable data.</summary>
    internal sealed class ModelFile : IEquatable<ModelFile>
    {
        public ModelFile(string path, ulong hash, string? readError, string? className, string? @namespace, string? dims, string rootNamespace, string? resource,
            bool optimize = true, bool dumpIr = false, string? visibility = null, string? weights = null, string? instructionSet = null, string? threads = null,
            bool winograd = true)
        {
            Winograd = winograd;
            InstructionSet = instructionSet;
            Threads = threads;
            Visibility = visibility;
            Weights = weights;
            Optimize = optimize;
            DumpIr = dumpIr;
            Resource = resource;
            Path = path;
            Hash = hash;
            ReadError = readError;
            ClassName = className;
            Namespace = @namespace;
            Dims = dims;
            RootNamespace = rootNamespace;
        }

        public string Path { get; }
        public ulong Hash { get; }
        public string? ReadError { get; }
        public string? ClassName { get; }
        public string? Namespace { get; }
        public string? Dims { get; }
        public string RootNamespace { get; }

        /// <summary>Optimize metadata, else the ModelGenOptimize property; on unless "false".</summary>
        public bool Optimize { get; }

        /// <summary>Winograd metadata, else the ModelGenWinograd property; on unless "false".</summary>
        public bool Winograd { get; }

        /// <summary>DumpIr metadata, else the ModelGenDumpIr property; off unless "true".</summary>
        public bool DumpIr { get; }

        /// <summary>Visibility metadata, else the ModelGenVisibility property, as written ("public", "internal"); null when neither is set.</summary>
        public string? Visibility { get; }

        /// <summary>Weights metadata, else the ModelGenWeights property, as written ("embedded", "file", "stream"); null when neither is set.</summary>
        public string? Weights { get; }

        /// <summary>InstructionSet metadata, else the ModelGenInstructionSet property, as written ("portable", "x86-64-v3", "x86-64-v4"); null when neither is set.</summary>
        public string? InstructionSet { get; }
        /// <summary>Threads metadata, else the ModelGenThreads property, as written ("1", "4", "auto"); null when neither is set.</summary>
        public string? Threads { get; }

        /// <summary>Resource name the build targets stamped on the item (content hash based), if any.</summary>
        public string? Resource { get; }

        /// <summary>
        /// Manifest resource name of the embedded file: what build/ModelGen.targets chose ("ModelGen.{SHA-256}.onnx"),
        /// or "ModelGen." + file name when the targets did not run (tests, design-time builds).
        /// </summary>
        public string ResourceName => Resource ?? "ModelGen." + System.IO.Path.GetFileName(Path);

        public static ModelFile From(AdditionalText text, AnalyzerConfigOptionsProvider options)
        {
            var file = options.GetOptions(text);
            options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var root);
            file.TryGetValue("build_metadata.AdditionalFiles.ClassName", out var className);
            file.TryGetValue("build_metadata.AdditionalFiles.Namespace", out var ns);
            file.TryGetValue("build_metadata.AdditionalFiles.Dims", out var dims);
            file.TryGetValue("build_metadata.AdditionalFiles.ModelGenResource", out var resource);
            bool optimize = !Flag(file, options.GlobalOptions, "Optimize", "ModelGenOptimize", "false");
            bool dumpIr = Flag(file, options.GlobalOptions, "DumpIr", "ModelGenDumpIr", "true");
            bool winograd = !Flag(file, options.GlobalOptions, "Winograd", "ModelGenWinograd", "false");
            file.TryGetValue("build_metadata.AdditionalFiles.Visibility", out var visibility);
            options.GlobalOptions.TryGetValue("build_property.ModelGenVisibility", out var projectVisibility);
            file.TryGetValue("build_metadata.AdditionalFiles.Weights", out var weights);
            options.GlobalOptions.TryGetValue("build_property.ModelGenWeights", out var projectWeights);
            file.TryGetValue("build_metadata.AdditionalFiles.InstructionSet", out var instructionSet);
            options.GlobalOptions.TryGetValue("build_property.ModelGenInstructionSet", out var projectInstructionSet);
            file.TryGetValue("build_metadata.AdditionalFiles.Threads", out var threads);
            options.GlobalOptions.TryGetValue("build_property.ModelGenThreads", out var projectThreads);
            ulong hash = 0;
            string? error = null;
            try
            {
                hash = ModelBytes.Hash(ModelBytes.Read(text.Path));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error = e.Message;
            }
            return new ModelFile(text.Path, hash, error, Empty(className), Empty(ns), Empty(dims), root ?? "", Empty(resource), optimize, dumpIr,
                Empty(visibility) ?? Empty(projectVisibility), Empty(weights) ?? Empty(projectWeights),
                Empty(instructionSet) ?? Empty(projectInstructionSet), Empty(threads) ?? Empty(projectThreads), winograd);
        }

        /// <summary>
        /// True when the item's metadata, or where it has none the project's property, equals <paramref name="value"/>
        /// (ignoring case, as MSBuild conditions compare): a switch keeps its default unless set to the other value.
        /// </summary>
        private static bool Flag(AnalyzerConfigOptions file, AnalyzerConfigOptions global, string metadata, string property, string value)
        {
            file.TryGetValue("build_metadata.AdditionalFiles." + metadata, out var own);
            global.TryGetValue("build_property." + property, out var project);
            string? set = Empty(own) ?? Empty(project);
            return set != null && string.Equals(set, value, StringComparison.OrdinalIgnoreCase);
        }

        private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();

        public bool Equals(ModelFile? o) =>
            o != null && Path == o.Path && Hash == o.Hash && ReadError == o.ReadError && ClassName == o.ClassName && Namespace == o.Namespace && Dims == o.Dims && RootNamespace == o.RootNamespace && Resource == o.Resource &&
            Optimize == o.Optimize && DumpIr == o.DumpIr && Visibility == o.Visibility && Weights == o.Weights && InstructionSet == o.InstructionSet && Threads == o.Threads && Winograd == o.Winograd;

        public override bool Equals(object? obj) => Equals(obj as ModelFile);
        public override int GetHashCode() => Path.GetHashCode() ^ Hash.GetHashCode();
    }

    /// <summary>Reads model bytes from disk.</summary>
    internal static class ModelBytes
    {
        /// <summary>
        /// Protobuf's limit on one message (2 GiB - 1): ONNX Runtime and the onnx package refuse larger .onnx files too,
        /// and exporters move the weights of bigger models into external data.
        /// </summary>
        public const long MaxModelBytes = int.MaxValue;

        /// <summary>
        /// The whole file, after checking its length: a file over <see cref="MaxModelBytes"/> is refused before any of it
        /// is read (an IOException the caller reports as MG0001), so a several-GB file costs no memory.
        /// </summary>
        public static byte[] Read(string path)
        {
            // AdditionalText has no binary API, and GetText() on a binary file fails the build (CS2015) or corrupts bytes.
#pragma warning disable RS1035 // File IO in an analyzer: the only way to read a binary AdditionalFile.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            long length = stream.Length;
            if (length > MaxModelBytes)
                throw new IOException("the file is " + length + " bytes, over ONNX's 2 GiB protobuf limit (" + MaxModelBytes + " bytes); " +
                    "ONNX keeps the weights of a model this large in external data (onnx.save(model, path, save_as_external_data=True)), which ModelGen does not compile yet (MG0004).");
            var bytes = new byte[length];
            int at = 0;
            while (at < bytes.Length)
            {
                int n = stream.Read(bytes, at, bytes.Length - at);
                if (n == 0) throw new IOException("the file was shortened while it was read (" + at + " of " + length + " bytes).");
                at += n;
            }
            return bytes;
#pragma warning restore RS1035
        }

        public static ulong Hash(byte[] bytes) => ModelGen.Compiler.ModelCompiler.HashOf(bytes);
    }
}
