// Entry point: arguments → command. Kept tiny; each command lives in Commands/.
_ = typeof(GitEntraHelper.Diagnostics.Secret);
return 2;
