using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Emit;

namespace ModelGen.Generator
{
    /// <summary>
    /// Decides which classes to generate: one per .onnx file, named from the file (PascalCase) in the
    /// project's RootNamespace, unless item metadata (ClassName, Namespace, Dims) or an [OnnxModel]
    /// class says otherwise. Optimize and DumpIr (metadata, or the ModelGenOptimize and ModelGenDumpIr
    /// properties), Weights (or ModelGenWeights) and InstructionSet (or ModelGenInstructionSet) apply to either; Visibility (or ModelGenVisibility) to a generated class. Invalid names and clashes become problems on the request.
    /// </summary>
    internal static class RequestPlanner
    {
        public static ImmutableArray<ModelRequest> Plan(ImmutableArray<ModelFile> files, ImmutableArray<AttributedClass> classes)
        {
            var result = new List<ModelRequest>();
            foreach (var file in files.OrderBy(f => f.Path, System.StringComparer.Ordinal))
            {
                var owners = classes.Where(c => c.Names(file.Path)).ToList();
                if (owners.Count == 0) result.Add(FromMetadata(file));
                else result.AddRange(owners.Select(c => FromAttribute(file, c)));
            }
            // A class whose [OnnxModel] path names no file gets no request: ModelFileNotFoundAnalyzer reports it (MG0403)
            // live in the IDE, with code fixes, and the one package carries both, so a report here would double it.
            return MarkClashes(result).ToImmutableArray();
        }

        private static ModelRequest FromMetadata(ModelFile file)
        {
            string name = file.ClassName ?? Identifiers.Pascal(System.IO.Path.GetFileNameWithoutExtension(file.Path));
            string ns = file.Namespace ?? file.RootNamespace;
            var problem = ReadProblem(file) ?? NameProblem(name, ns, file.ClassName != null || file.Namespace != null);
            var dims = ParseDims(file.Dims, out var dimsProblem);
            string access = OneOf(file.Visibility, s_visibilities, VisibilityProblem, out var accessProblem);
            string weights = OneOf(file.Weights, s_weightStorages, WeightsProblem, out var weightsProblem);
            string floor = OneOf(file.InstructionSet, s_instructionSets, InstructionSetProblem, out var floorProblem);
            int threads = ThreadsOption.Parse(file.Threads, out var threadsProblem);
            return new ModelRequest(file.Path, file.Hash, Options(name, ns, file.Path, file.ResourceName, dims, false, file, access, weights, floor, threads),
                problem ?? dimsProblem ?? accessProblem ?? weightsProblem ?? floorProblem ?? threadsProblem, null);
        }

        private static ModelRequest FromAttribute(ModelFile file, AttributedClass c)
        {
            var dims = ParseDims(c.Dims ?? file.Dims, out var dimsProblem);
            string weights = OneOf(file.Weights, s_weightStorages, WeightsProblem, out var weightsProblem);
            string floor = OneOf(file.InstructionSet, s_instructionSets, InstructionSetProblem, out var floorProblem);
            int threads = ThreadsOption.Parse(file.Threads, out var threadsProblem);
            return new ModelRequest(file.Path, file.Hash, Options(c.Name, c.Namespace, file.Path, file.ResourceName, dims, true, file, weights: weights, instructionSet: floor, threads: threads),
                ReadProblem(file) ?? dimsProblem ?? weightsProblem ?? floorProblem ?? threadsProblem, c.Spot);
        }

        private static CompileOptions Options(string name, string ns, string path, string resource, Dictionary<string, long>? dims, bool userClass, ModelFile? file,
            string accessibility = "public", string weights = CompileOptions.EmbeddedWeights, string instructionSet = CompileOptions.PortableCode, int threads = 1) =>
            new CompileOptions(name, ns, path, resource, dims ?? new Dictionary<string, long>(), accessibility, userClass,
                optimize: file?.Optimize ?? true, dumpIr: file?.DumpIr ?? false, weights: weights, instructionSet: instructionSet, threads: threads,
                winograd: file?.Winograd ?? true);

        /// <summary>Visibility metadata or the ModelGenVisibility property: the generated class's accessibility (a user-declared [OnnxModel] class keeps its own).</summary>
        private static readonly string[] s_visibilities = { "public", "internal" };

        /// <summary>Weights metadata or the ModelGenWeights property: where the parameterless constructor finds the weights.</summary>
        private static readonly string[] s_weightStorages = { CompileOptions.EmbeddedWeights, CompileOptions.FileWeights, CompileOptions.StreamWeights };

        /// <summary>
        /// InstructionSet metadata or the ModelGenInstructionSet property: portable code, or a floor the class checks at
        /// construction. No "native": a floor must be nameable to be checked on the machine that runs the app, and a
        /// NativeAOT user who wants the build machine's CPU sets IlcInstructionSet=native directly.
        /// </summary>
        private static readonly string[] s_instructionSets = { CompileOptions.PortableCode, CompileOptions.X86V3, CompileOptions.X86V4 };

        /// <summary>
        /// The allowed value that <paramref name="value"/> names (ignoring case, as MSBuild compares), or the first, the
        /// default, when it is unset; an unknown value also gives the default, with the warning <paramref name="unknown"/> makes.
        /// </summary>
        private static string OneOf(string? value, string[] allowed, System.Func<string, RequestProblem> unknown, out RequestProblem? problem)
        {
            problem = null;
            if (value == null) return allowed[0];
            var match = allowed.FirstOrDefault(a => string.Equals(a, value, System.StringComparison.OrdinalIgnoreCase));
            if (match != null) return match;
            problem = unknown(value);
            return allowed[0];
        }

        private static RequestProblem VisibilityProblem(string value) =>
            new RequestProblem("MG0405", "Visibility '" + value + "' is neither \"public\" nor \"internal\"; the class stays public.");

        private static RequestProblem WeightsProblem(string value) =>
            new RequestProblem("MG0406", "Weights '" + value + "' is none of \"embedded\", \"file\", \"stream\"; the weights stay embedded.");

        private static RequestProblem InstructionSetProblem(string value) =>
            new RequestProblem("MG0407", "InstructionSet '" + value + "' is none of \"portable\", \"x86-64-v3\", \"x86-64-v4\"; the code stays portable.");

        private static RequestProblem? ReadProblem(ModelFile file) =>
            file.ReadError == null ? null : new RequestProblem("MG0001", "Cannot read '" + file.Path + "': " + file.ReadError);

        private static RequestProblem? NameProblem(string name, string ns, bool fromMetadata)
        {
            bool nsValid = ns.Length == 0 || ns.Split('.').All(Identifiers.IsValid);
            if (Identifiers.IsValid(name) && nsValid) return null;
            return new RequestProblem("MG0401", (Identifiers.IsValid(name) ? "Namespace '" + ns + "'" : "Class name '" + name + "'") +
                " is not a valid C# " + (Identifiers.IsValid(name) ? "namespace" : "identifier") + (fromMetadata ? " (from item metadata)." : "."));
        }

        private static Dictionary<string, long>? ParseDims(string? text, out RequestProblem? problem)
        {
            problem = null;
            var errors = new List<string>();
            var dims = CompileOptions.ParseDims(text, errors);
            if (errors.Count > 0)
                problem = new RequestProblem("MG0204", "Dims metadata '" + text + "' has entries that are not name=positive-integer: " + string.Join(", ", errors) + ".");
            return dims;
        }

        /// <summary>Two requests for one class (or two files embedded under one resource name) cannot both be generated.</summary>
        private static IEnumerable<ModelRequest> MarkClashes(List<ModelRequest> requests)
        {
            var seenClass = new Dictionary<string, ModelRequest>(System.StringComparer.Ordinal);
            var seenResource = new Dictionary<string, ModelRequest>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var r in requests)
            {
                if (r.Problem != null && r.Problem.Id != "MG0204") { yield return r; continue; }
                string key = r.Options.Namespace + "." + r.Options.ClassName;
                if (seenClass.TryGetValue(key, out var first))
                {
                    yield return With(r, "MG0402", "'" + r.Path + "' and '" + first.Path + "' both generate class " + key + ". Set ClassName metadata on one of them.");
                    continue;
                }
                if (!r.Options.ClassDeclaredByUser && seenResource.TryGetValue(r.Options.ResourceName, out var other) && other.Path != r.Path && other.ContentHash != r.ContentHash)
                {
                    yield return With(r, "MG0402", "'" + r.Path + "' and '" + other.Path + "' have the same file name, so both would be embedded as resource '" + r.Options.ResourceName + "'. Rename one file.");
                    continue;
                }
                seenClass[key] = r;
                seenResource[r.Options.ResourceName] = r;
                yield return r;
            }
        }

        private static ModelRequest With(ModelRequest r, string id, string message) =>
            new ModelRequest(r.Path, r.ContentHash, r.Options, new RequestProblem(id, message), r.AttributeSpot);
    }
}
