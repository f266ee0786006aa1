/// Scoring and ranking of towns and cadres for the year-end awards (评优评先); see `scoring.md`.
public enum Scoring {}
