using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler;
using ModelGen.Compiler.Emit;

namespace ModelGen.Generator
{
    /// <summary>
    /// The incremental generator: every .onnx AdditionalFile (or [OnnxModel] class) becomes a typed class.
    /// It only wires inputs to the Roslyn-free compiler core and the core's results to source outputs and
    /// diagnostics; the expensive step is keyed on (path, content hash, options) and cached otherwise.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ModelGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names, for the incremental-caching tests.</summary>
        public const string ModelFilesStep = "ModelFiles";
        public const string RequestsStep = "ModelRequests";
        public const string CompileStep = "Compile";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var files = context.AdditionalTextsProvider
                .Where(t => t.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select((pair, ct) => ModelFile.From(pair.Left, pair.Right))
                .WithTrackingName(ModelFilesStep);

            var attributed = context.SyntaxProvider
                .ForAttributeWithMetadataName(AttributedClass.AttributeName,
                    predicate: (node, ct) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                    transform: (ctx, ct) => AttributedClass.From(ctx))
                .Where(c => c != null)
                .Select((c, ct) => c!);

            var requests = files.Collect()
                .Combine(attributed.Collect())
                .SelectMany((pair, ct) => RequestPlanner.Plan(pair.Left, pair.Right))
                .WithTrackingName(RequestsStep);

            // A bool (equatable): the compile reruns for every model when the project gains or loses ModelGen.Gpu, not on other edits.
            var gpu = context.CompilationProvider.Select((c, ct) => GpuReference.IsPresent(c));

            var results = requests.Combine(gpu)
                .Select((pair, ct) => Compile(pair.Left, pair.Right, ct))
                .WithTrackingName(CompileStep);

            // Re-checked on every compilation, but the result is a string: what follows reruns only when it changes.
            var runtime = context.CompilationProvider.Select((c, ct) => RuntimeHandshake.Check(c));

            context.RegisterSourceOutput(results.Combine(runtime), (spc, pair) => Report(spc, pair.Left, pair.Right));
        }

        private static CompiledModel Compile(ModelRequest request, bool gpu, CancellationToken ct)
        {
            // A request problem that is only a warning (a Dims entry that does not apply) still compiles.
            if (request.Problem != null && Descriptors.Get(request.Problem.Id).DefaultSeverity == DiagnosticSeverity.Error) return new CompiledModel(request, null);
            try
            {
                ct.ThrowIfCancellationRequested();
                var bytes = ModelBytes.Read(request.Path);
                // The file changed between hashing and reading: compile what is there now; the next run sees the new hash.
                return new CompiledModel(request, gpu ? ModelCompiler.CompileWithGpu(bytes, request.Options) : ModelCompiler.Compile(bytes, request.Options));
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                return new CompiledModel(request, null, new RequestProblem("MG0901", "Internal error while reading or compiling '" + request.Path + "': " + e.GetType().Name + ": " + e.Message));
            }
        }

        private static void Report(SourceProductionContext context, CompiledModel model, string? runtimeProblem)
        {
            try
            {
                var request = model.Request;
                if (runtimeProblem != null)
                {
                    // Code for another runtime would only add errors about members that do not exist: the one clear error instead.
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.Get("MG0404"), Locations.For(request), Locations.Prefix(request) + runtimeProblem));
                    return;
                }
                if (request.Problem != null)
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.Get(request.Problem.Id), Locations.For(request), Locations.Prefix(request) + request.Problem.Message));
                if (model.Problem != null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.Get(model.Problem.Id), Locations.For(request), Locations.Prefix(request) + model.Problem.Message));
                    return;
                }
                var result = model.Result;
                if (result == null) return;
                foreach (var p in result.Problems)
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.Get(p.Id), Locations.For(request), Locations.Prefix(request) + p.Message));
                if (!result.Success) return;
                foreach (var s in result.Sources) context.AddSource(s.HintName, s.Text);
            }
            catch (Exception e)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.Get("MG0901"), Location.None, "Internal error while adding sources: " + e.GetType().Name + ": " + e.Message));
            }
        }
    }

    /// <summary>A request with its compile result (or a problem that kept it from compiling). Equatable.</summary>
    internal sealed class CompiledModel : IEquatable<CompiledModel>
    {
        public CompiledModel(ModelRequest request, CompileResult? result, RequestProblem? problem = null)
        {
            Request = request;
            Result = result;
            Problem = problem;
        }

        public ModelRequest Request { get; }
        public CompileResult? Result { get; }
        public RequestProblem? Problem { get; }

        public bool Equals(CompiledModel? o) => o != null && Request.Equals(o.Request) && Equals(Result, o.Result) && Equals(Problem, o.Problem);
        public override bool Equals(object? obj) => Equals(obj as CompiledModel);
        public override int GetHashCode() => Request.GetHashCode();
    }
}
