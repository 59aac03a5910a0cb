using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator;
using ModelGen.Gpu.Devices;

namespace ModelGen.Gpu.Tests.Support;

/// <summary>
/// One ../shared model compiled as a project that references ModelGen.Gpu would compile it: the real generator over
/// an in-memory compilation (the running runtime's assemblies, ModelGen.Runtime, ModelGen.Gpu and ILGPU), plus a
/// small driver class, <c>GpuTests.Driver</c>, that calls the CPU class and the GPU session with positional spans
/// (spans cannot go through reflection). The assembly embeds the .onnx as the build targets would and is loaded.
/// </summary>
public sealed class GeneratedModel
{
    private GeneratedModel(string className, ImmutableArray<Diagnostic> generator, IReadOnlyDictionary<string, string> sources, Assembly? assembly, string errors)
    {
        ClassName = className;
        GeneratorDiagnostics = generator;
        Sources = sources;
        Assembly = assembly;
        Errors = errors;
    }

    /// <summary>The model class's name (namespace GpuTests).</summary>
    public string ClassName { get; }

    /// <summary>What the generator reported (MG0601 warnings among them).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>The loaded assembly; null when the generated code did not compile (see <see cref="Errors"/>).</summary>
    public Assembly? Assembly { get; }

    /// <summary>C# errors of the generated code, if any.</summary>
    public string Errors { get; }

    /// <summary>
    /// ../shared beside the checkout, or MODELGEN_SHARED_DIR when set: the device check's bundle carries the models
    /// and runs the published tests outside any checkout, so it points there.
    /// </summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("MODELGEN_SHARED_DIR") is { Length: > 0 } dir ? dir : Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared"));

    /// <summary>A model folder under ../shared/models, or null when it is absent.</summary>
    public static string? ModelFolder(string name)
    {
        string dir = Path.Combine(Shared, "models", name);
        return File.Exists(Path.Combine(dir, "model.onnx")) ? dir : null;
    }

    /// <summary>Generates and compiles <paramref name="onnxPath"/> as class <paramref name="className"/> (namespace GpuTests).</summary>
    /// <param name="referenceGpu">False compiles the same project without ModelGen.Gpu and ILGPU.</param>
    /// <param name="outputs">How many float outputs the model has (the driver passes one array each).</param>
    /// <param name="symbolicDims">How many symbolic dims Predict takes first (the driver passes them from an int[]).</param>
    /// <param name="element">
    /// The C# element type of the model's inputs and outputs when it is not float ("System.Half" for float16): the
    /// driver converts the float arrays to it and back.
    /// </param>
    public static GeneratedModel Compile(string onnxPath, string className, string? dims = null, bool referenceGpu = true, int outputs = 1, int symbolicDims = 0, string? element = null)
    {
        string outs = string.Join(", ", Enumerable.Range(0, outputs).Select(i => "y[" + i + "]"));
        string lead = string.Concat(Enumerable.Range(0, symbolicDims).Select(i => "d[" + i + "], "));
        const string Requires = "  [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(\"GPU\")][System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(\"GPU\")]\n";
        // A float16 or bfloat16 model's driver runs Predict on narrow copies (h, hy) of the float arrays and widens the outputs back.
        bool half = element != null;
        string open = half ? "{ var h = System.Array.ConvertAll(x, v => (" + element + ")v); var hy = System.Array.ConvertAll(y, o => new " + element + "[o.Length]); " : "";
        string close = half ? " for (int k = 0; k < y.Length; k++) for (int i = 0; i < y[k].Length; i++) y[k][i] = (float)hy[k][i]; }" : "";
        string args = half ? lead + "h, " + string.Join(", ", Enumerable.Range(0, outputs).Select(i => "hy[" + i + "]")) : lead + "x, " + outs;
        string driver = referenceGpu
            ? "namespace GpuTests { public static class Driver {\n" +
              "  public static void Cpu(int[] d, float[] x, float[][] y) " + (half ? open + "new " + className + "().Predict(" + args + ");" + close : "=> new " + className + "().Predict(" + args + ");") + "\n" +
              Requires +
              "  public static void Gpu(ILGPU.Runtime.Accelerator a, int[] d, float[] x, float[][] y) { using var s = " + className + ".CreateGpuSession(a); " +
              open + "s.Predict(" + args + ");" + close + " }\n" +
              Requires +
              "  public static void OnSession(object s, int[] d, float[] x, float[][] y) " + (half ? open + "((" + className + "Gpu)s).Predict(" + args + ");" + close : "=> ((" + className + "Gpu)s).Predict(" + args + ");") + "\n" +
              "} }"
            : "namespace GpuTests { public static class Driver { } }";
        var compilation = CSharpCompilation.Create("GpuTests." + className,
            [CSharpSyntaxTree.ParseText(driver, new CSharpParseOptions(LanguageVersion.Latest), path: "Driver.cs")],
            References(referenceGpu),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release));
        var driverRun = CSharpGeneratorDriver.Create(
                [new ModelGenerator().AsSourceGenerator()],
                additionalTexts: [new DiskText(onnxPath)],
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                optionsProvider: new Options(onnxPath, className, dims))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driverRun.GetRunResult();
        var sources = result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        // MODELGEN_GPU_SOURCES_DIR=/tmp/x writes what the generator emitted, to read a session (as MODELGEN_PTX_DIR does for PTX).
        string? dump = Environment.GetEnvironmentVariable("MODELGEN_GPU_SOURCES_DIR");
        if (!string.IsNullOrEmpty(dump))
        {
            Directory.CreateDirectory(dump);
            foreach (var (hint, text) in sources)
            {
                File.WriteAllText(Path.Combine(dump, hint), text);
            }
        }

        using var pe = new MemoryStream();
        var resource = new ResourceDescription("ModelGen." + Path.GetFileName(onnxPath), () => File.OpenRead(onnxPath), isPublic: true);
        var emit = output.Emit(pe, manifestResources: [resource]);
        string errors = string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20));
        return new GeneratedModel(className, result.Diagnostics, sources, emit.Success ? Assembly.Load(pe.ToArray()) : null, errors);
    }

    /// <summary>Runs the CPU class on <paramref name="x"/> into the outputs <paramref name="y"/>.</summary>
    public void RunCpu(float[] x, params float[][] y) => Call("Cpu", Array.Empty<int>(), x, y);

    /// <summary>Runs the CPU class with these symbolic dims (a model compiled with <c>symbolicDims</c>).</summary>
    public void RunCpu(int[] dims, float[] x, params float[][] y) => Call("Cpu", dims, x, y);

    /// <summary>Creates a GPU session on <paramref name="accelerator"/>, runs it once and disposes it.</summary>
    public void RunGpu(ILGPU.Runtime.Accelerator accelerator, float[] x, params float[][] y) => Call("Gpu", accelerator, Array.Empty<int>(), x, y);

    /// <summary>The same with these symbolic dims.</summary>
    public void RunGpu(ILGPU.Runtime.Accelerator accelerator, int[] dims, float[] x, params float[][] y) => Call("Gpu", accelerator, dims, x, y);

    /// <summary>One host-span Predict with these symbolic dims on a session the caller holds (so one session can run many batches).</summary>
    public void RunOnSession(IDisposable session, int[] dims, float[] x, params float[][] y) => Call("OnSession", session, dims, x, y);

    /// <summary>The model class's <c>CreateGpuSession(accelerator)</c>: the caller disposes the session.</summary>
    public IDisposable CreateGpuSession(ILGPU.Runtime.Accelerator accelerator) =>
        (IDisposable)Invoke(Assembly!.GetType("GpuTests." + ClassName)!.GetMethod("CreateGpuSession")!, null, [accelerator])!;

    /// <summary>The session's Predict on device views (ArrayViews are structs, so they pass through reflection, unlike spans).</summary>
    public static void PredictOnDevice(IDisposable session, params ILGPU.ArrayView<float>[] views) => PredictOnDevice(session, [], views);

    /// <summary>The same with the session's symbolic dims first.</summary>
    public static void PredictOnDevice(IDisposable session, int[] dims, params ILGPU.ArrayView<float>[] views)
    {
        var predict = session.GetType().GetMethods().Single(m => m.Name == "Predict" && m.GetParameters().Skip(dims.Length).All(p => p.ParameterType == typeof(ILGPU.ArrayView<float>)) &&
                                                              m.GetParameters().Take(dims.Length).All(p => p.ParameterType == typeof(int)) && m.GetParameters().Length > dims.Length);
        Invoke(predict, session, [.. dims.Cast<object>(), .. views.Cast<object>()]);
    }

    private static object? Invoke(MethodInfo m, object? target, object[] args)
    {
        try
        {
            return m.Invoke(target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private void Call(string method, params object[] args)
    {
        var m = Assembly!.GetType("GpuTests.Driver")!.GetMethod(method)!;
        try
        {
            m.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    private static ImmutableArray<MetadataReference> References(bool gpu)
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Where(p => p.Length > 0).ToList();
        tpa.Add(typeof(ModelGen.Runtime.Arena).Assembly.Location);
        tpa.Add(typeof(System.Numerics.Tensors.Tensor).Assembly.Location);
        bool IsGpu(string p) => Path.GetFileName(p).StartsWith("ILGPU", StringComparison.Ordinal) || Path.GetFileName(p) == "ModelGen.Gpu.dll";
        if (gpu)
        {
            tpa.Add(typeof(GpuDevices).Assembly.Location);
            tpa.Add(typeof(ILGPU.Context).Assembly.Location);
            tpa.Add(typeof(ILGPU.Algorithms.XMath).Assembly.Location);
        }
        else
        {
            tpa.RemoveAll(IsGpu);
        }

        return [.. tpa.Distinct(StringComparer.OrdinalIgnoreCase).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "global.json")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("No global.json above " + AppContext.BaseDirectory);
    }

    /// <summary>An AdditionalText backed by the file: the generator reads the bytes itself.</summary>
    private sealed class DiskText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => null;
    }

    /// <summary>RootNamespace GpuTests, and the model's ClassName (and Dims) metadata.</summary>
    private sealed class Options(string path, string className, string? dims) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new() { ["build_property.RootNamespace"] = "GpuTests" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var d = new Dictionary<string, string>();
            if (textFile.Path == path)
            {
                d["build_metadata.AdditionalFiles.ClassName"] = className;
                if (dims != null)
                {
                    d["build_metadata.AdditionalFiles.Dims"] = dims;
                }
            }

            return new Values(d);
        }
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}
