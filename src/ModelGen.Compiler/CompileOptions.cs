using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler
{
    /// <summary>What the caller (generator or CLI) tells the compiler besides the model bytes. Immutable and equatable.</summary>
    public sealed class CompileOptions : IEquatable<CompileOptions>
    {
        public static readonly CompileOptions Default = new CompileOptions("Model", "", null, "ModelGen.model.onnx", new Dictionary<string, long>());

        public CompileOptions(string className, string @namespace, string? modelPath, string resourceName, IReadOnlyDictionary<string, long> dimBindings,
            string accessibility = "public", bool classDeclaredByUser = false, bool optimize = true, bool dumpIr = false, string weights = EmbeddedWeights,
            string instructionSet = PortableCode, int threads = 1, bool gpuPasses = false, bool winograd = true)
        {
            GpuPasses = gpuPasses;
            Winograd = winograd;
            if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), "Threads is 1, a larger count, or AutoThreads (0).");
            Threads = threads;
            Weights = weights;
            InstructionSet = instructionSet;
            ClassName = className;
            Namespace = @namespace;
            ModelPath = modelPath;
            ResourceName = resourceName;
            DimBindings = new SortedDictionary<string, long>(dimBindings.ToDictionary(k => k.Key, k => k.Value), StringComparer.Ordinal);
            Accessibility = accessibility;
            ClassDeclaredByUser = classDeclaredByUser;
            Optimize = optimize;
            DumpIr = dumpIr;
        }

        /// <summary>Name of the generated class.</summary>
        public string ClassName { get; }
        /// <summary>Namespace of the generated class; "" for the global namespace.</summary>
        public string Namespace { get; }
        /// <summary>Path of the .onnx file, for messages and external-data lookups; null when compiling bytes.</summary>
        public string? ModelPath { get; }
        /// <summary>Manifest resource name under which the build embeds the .onnx file.</summary>
        public string ResourceName { get; }
        /// <summary>Symbolic dims pinned at build time ("batch" → 1), like ONNX Runtime's free-dimension overrides.</summary>
        public IReadOnlyDictionary<string, long> DimBindings { get; }
        /// <summary>"public" or "internal"; ignored when the user declared the class.</summary>
        public string Accessibility { get; }
        /// <summary>True when a user's [OnnxModel] partial class receives the members: no modifiers are emitted then.</summary>
        public bool ClassDeclaredByUser { get; }
        /// <summary>
        /// False to switch the optimizing passes off (fusion, pattern recognition, BatchNormalization folding...), for
        /// comparison and bug reports: modelgen --no-optimize, the ModelGenOptimize MSBuild property. The passes every
        /// compile needs (constant folding, dead nodes, the load-time stage) still run.
        /// </summary>
        public bool Optimize { get; }
        /// <summary>
        /// True for the GPU session's compile (see Emit/Gpu/GpuCompile): with <see cref="Optimize"/> off, the passes that
        /// are not CPU choices still run (identity and common-subexpression elimination, algebraic identities,
        /// BatchNormalization and scale folding into the producer), while fusion, patterns and the blocked, channels-last
        /// and packed layouts stay off. Not an MSBuild option.
        /// </summary>
        public bool GpuPasses { get; }

        /// <summary>
        /// False keeps 3×3 convolutions off Winograd F(4×4, 3×3), whose rounding differs from the direct form's (its error
        /// is absolute, about ten times the direct form's): modelgen --no-winograd, the ModelGenWinograd MSBuild property
        /// and Winograd item metadata. Only the optimizing compile runs the pass at all.
        /// </summary>
        public bool Winograd { get; }

        /// <summary>
        /// True to add one more generated source, "{ClassName}.ir.g.cs": the IR text after each stage and after each
        /// pass that changed the graph, inside comments (the ModelGenDumpIr MSBuild property; the build writes it under obj/).
        /// </summary>
        public bool DumpIr { get; }

        /// <summary>The build embeds the .onnx file and the parameterless constructor reads it from the assembly.</summary>
        public const string EmbeddedWeights = "embedded";
        /// <summary>The build copies the .onnx file beside the app and the parameterless constructor reads it from there.</summary>
        public const string FileWeights = "file";
        /// <summary>Nothing is embedded or copied; the app passes the weights (FromStream, FromFile, a ModelWeights) and there is no parameterless constructor.</summary>
        public const string StreamWeights = "stream";

        /// <summary>Where the weights come from at run time: <see cref="EmbeddedWeights"/>, <see cref="FileWeights"/> or <see cref="StreamWeights"/>.</summary>
        public string Weights { get; }

        /// <summary>No instruction-set floor: the code runs on any CPU of its architecture (the kernels choose their vector width at run time).</summary>
        public const string PortableCode = "portable";
        /// <summary>The x86-64-v3 floor (AVX2, FMA, BMI1/2, LZCNT): the generated class refuses a CPU without it, and a NativeAOT publish may use it directly.</summary>
        public const string X86V3 = "x86-64-v3";
        /// <summary>The x86-64-v4 floor (x86-64-v3 plus AVX-512 F, BW, CD, DQ, VL).</summary>
        public const string X86V4 = "x86-64-v4";

        /// <summary>
        /// The InstructionSet option: <see cref="PortableCode"/>, or a floor (<see cref="X86V3"/>, <see cref="X86V4"/>) that the
        /// generated class checks once per instance, so a CPU below it fails at construction with a clear message.
        /// </summary>
        public string InstructionSet { get; }

        /// <summary>The Threads option "auto": the processor count of the machine the model runs on, capped (ParallelRange.AutoCap).</summary>
        public const int AutoThreads = 0;

        /// <summary>
        /// The generated class's default thread budget (its MaxThreads): 1, the calling thread only (the default); N,
        /// at most N threads per Predict; or <see cref="AutoThreads"/>. The ModelGenThreads property, Threads metadata.
        /// </summary>
        public int Threads { get; }

        public CompileOptions WithThreads(int threads) =>
            new CompileOptions(ClassName, Namespace, ModelPath, ResourceName, DimBindings, Accessibility, ClassDeclaredByUser, Optimize, DumpIr, Weights, InstructionSet, threads, GpuPasses, Winograd);

        public CompileOptions WithDimBindings(IReadOnlyDictionary<string, long> bindings) =>
            new CompileOptions(ClassName, Namespace, ModelPath, ResourceName, bindings, Accessibility, ClassDeclaredByUser, Optimize, DumpIr, Weights, InstructionSet, Threads, GpuPasses, Winograd);

        public CompileOptions WithOptimize(bool optimize) =>
            new CompileOptions(ClassName, Namespace, ModelPath, ResourceName, DimBindings, Accessibility, ClassDeclaredByUser, optimize, DumpIr, Weights, InstructionSet, Threads, GpuPasses, Winograd);

        public CompileOptions WithDumpIr(bool dumpIr) =>
            new CompileOptions(ClassName, Namespace, ModelPath, ResourceName, DimBindings, Accessibility, ClassDeclaredByUser, Optimize, dumpIr, Weights, InstructionSet, Threads, GpuPasses, Winograd);

        public CompileOptions WithWinograd(bool winograd) =>
            new CompileOptions(ClassName, Namespace, ModelPath, ResourceName, DimBindings, Accessibility, ClassDeclaredByUser, Optimize, DumpIr, Weights, InstructionSet, Threads, GpuPasses, winograd);

        public bool Equals(CompileOptions? o) =>
            o != null && ClassName == o.ClassName && Namespace == o.Namespace && ModelPath == o.ModelPath && ResourceName == o.ResourceName &&
            Accessibility == o.Accessibility && ClassDeclaredByUser == o.ClassDeclaredByUser && Optimize == o.Optimize && DumpIr == o.DumpIr && Weights == o.Weights &&
            InstructionSet == o.InstructionSet && Threads == o.Threads && GpuPasses == o.GpuPasses && Winograd == o.Winograd && DimBindings.SequenceEqual(o.DimBindings);

        public override bool Equals(object? obj) => Equals(obj as CompileOptions);

        public override int GetHashCode() => (ClassName + "|" + Namespace + "|" + ModelPath + "|" + ResourceName + "|" + Optimize + "|" + DumpIr + "|" + Weights + "|" + InstructionSet + "|" + Threads + "|" + GpuPasses + "|" + Winograd + "|" + string.Join(";", DimBindings)).GetHashCode();

        /// <summary>Parses "batch=1;seq=128" (also ',' separated). Bad entries are returned in <paramref name="errors"/>.</summary>
        public static Dictionary<string, long> ParseDims(string? text, List<string> errors)
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(text)) return result;
            foreach (var part in text!.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = part.Split('=');
                if (kv.Length == 2 && kv[0].Trim().Length > 0 && long.TryParse(kv[1].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v) && v > 0)
                    result[kv[0].Trim()] = v;
                else
                    errors.Add(part.Trim());
            }
            return result;
        }
    }
}
