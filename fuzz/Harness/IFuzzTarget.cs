namespace GitEntraHelper.Fuzz.Harness;

/// <summary>
/// One fuzz target: a parser of the helper fed one input, with the invariants that must hold for every
/// input asserted inside <see cref="Run"/>. A broken invariant, or any exception other than the one the
/// parser documents, escapes <see cref="Run"/>; SharpFuzz reports it to AFL++ as a crash.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The name fuzz/run takes (also the folder of its seed corpus).</summary>
    string Name { get; }

    /// <summary>One line for `fuzz/run --list`.</summary>
    string Description { get; }

    /// <summary>The AFL++ dictionaries (fuzz/dict/NAME.dict) that fit this target's input.</summary>
    IReadOnlyList<string> Dictionaries { get; }

    void Run(byte[] input);
}
