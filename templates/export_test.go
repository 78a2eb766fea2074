package templates

// MaxGrowth and GrowthSlack bound what a helper writes: at most MaxGrowth
// bytes for each byte of its text, plus GrowthSlack.
const MaxGrowth, GrowthSlack = maxGrowth, growthSlack
