namespace ModelGen.Compiler.Ops
{
    /// <summary>
    /// What inference decided for one node, as an immutable, equatable, printable record: attributes read
    /// once with their defaults applied, and derived facts (broadcast strides, resolved pads, output dims).
    /// Lowering reads only this. Each op declares its own record type.
    /// </summary>
    internal abstract record OpPlan;

    /// <summary>The plan of ops that need nothing beyond their inputs' shapes.</summary>
    internal sealed record EmptyPlan : OpPlan
    {
        public static readonly EmptyPlan Instance = new EmptyPlan();
    }
}
