using System;
using System.Diagnostics;
using System.Globalization;
using ModelGen.Samples;
using ModelGen.Samples.Digits;

// The class DigitsModel was generated at build time from Models/digits.onnx.
var model = new DigitsModel();
// Startup: from process start to the first prediction (JIT or NativeAOT: `dotnet publish -r linux-x64 -p:Aot=true`).
var firstProbabilities = new float[DigitsModel.ProbabilitiesLength];
model.Predict(new float[DigitsModel.PixelsLength], firstProbabilities);
var startup = DateTime.Now - Process.GetCurrentProcess().StartTime;
Console.WriteLine("Model: " + DigitsModel.Info.Name + "  inputs: " + string.Join(", ", DigitsModel.Info.Inputs) + "  outputs: " + string.Join(", ", DigitsModel.Info.Outputs));
Console.WriteLine();

// The zero-allocation API: caller-owned spans in, caller-owned span out.
var probabilities = new float[DigitsModel.ProbabilitiesLength];
var test = DigitDataset.CreateTestSet();
int correct = DigitEvaluation.Evaluate(test, pixels =>
{
    model.Predict(pixels, probabilities);
    return probabilities;
}, Console.Out, shown: 3);

// The convenience API: returns a tensor per output.
var result = model.Predict(test.ImageArray(0));
Console.WriteLine("Convenience API, image 0: probabilities " + result.Probabilities.Lengths.Length + "-D tensor, p(label) = " +
                  result.Probabilities[0, test.Labels[0]].ToString("F3", CultureInfo.InvariantCulture));

// Cost per call, measured: time and managed bytes allocated by Predict.
var image = test.ImageArray(1);
// Warm up for a second so tiered compilation has optimised the kernels before timing.
var warmup = Stopwatch.StartNew();
while (warmup.ElapsedMilliseconds < 1000) model.Predict(image, probabilities);
long before = GC.GetAllocatedBytesForCurrentThread();
var watch = Stopwatch.StartNew();
const int calls = 2000;
for (int i = 0; i < calls; i++) model.Predict(image, probabilities);
watch.Stop();
long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Predict: {0:F1} µs per call, {1} bytes allocated per call ({2} calls)",
    watch.Elapsed.TotalMilliseconds * 1000 / calls, allocated / calls, calls));
// Which code ran optimised (both projects set Optimize in every configuration, so a Debug `dotnet run` measures real speed).
Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Startup: {0:F1} ms from process start to the first prediction ({1})",
    startup.TotalMilliseconds, System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT"));
Console.WriteLine("Configuration: app and generated model code " + Optimisation(typeof(DigitsModel)) + ", ModelGen.Runtime kernels " +
                  Optimisation(typeof(ModelGen.Runtime.Arena)) + ", build configuration " + BuildConfiguration());
return correct == test.Count ? 0 : (correct * 100 >= test.Count * 95 ? 0 : 1);

static string BuildConfiguration()
{
#if DEBUG
    return "Debug";
#else
    return "Release";
#endif
}

// An assembly built without optimisation says so in its DebuggableAttribute (the JIT then optimises nothing in it).
static string Optimisation(Type t)
{
    var debuggable = (DebuggableAttribute?)Attribute.GetCustomAttribute(t.Assembly, typeof(DebuggableAttribute));
    return debuggable != null && debuggable.IsJITOptimizerDisabled ? "unoptimised" : "optimised";
}
