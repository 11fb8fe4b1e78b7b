package yibao

// Case is what a user submits: a region, an as-of date and a contribution
// ledger, with optional person facts, events and bills. It is one schema for
// YAML and JSON input; docs/case-format.md describes it and
// schema/case.schema.json is generated from these types.
type Case struct {
	Region        string         `json:"region" text:"digits" doc:"参保地（统筹区）GB/T 2260 六位代码, e.g. \"510500\" for 泸州市"`
	AsOf          Date           `json:"as_of" doc:"the date the answer is for (\"today\"), YYYY-MM-DD"`
	Person        *Person        `json:"person,omitempty" doc:"optional person facts"`
	Ledger        []LedgerRow    `json:"ledger,omitempty" max:"2000" doc:"employee/flexible contribution months as ranges, oldest first"`
	ResidentYears []ResidentYear `json:"resident_years,omitempty" max:"100" doc:"residents' insurance coverage years (城乡居民医保), one per year paid"`
	Events        []Event        `json:"events,omitempty" max:"200" doc:"optional events: job ended, 停保, transfer from another region, special group"`
	Bills         []Bill         `json:"bills,omitempty" max:"1000" doc:"medical bills to check: is this bill covered?"`
	Quote         *QuoteRequest  `json:"quote,omitempty" doc:"how to price a back-payment (scheme and monthly base)"`
	Plan          *PlanRequest   `json:"plan,omitempty" doc:"what the advisor (yibao plan) should consider: chosen base, a new job, care plans"`
}

// PlanRequest holds the user's circumstances and preferences for the advisor.
type PlanRequest struct {
	BaseFen         Fen    `json:"base_fen,omitempty" doc:"monthly base in fen the user would choose as a flexible worker (besides the minimum and maximum)"`
	EmployerFrom    *Month `json:"employer_from,omitempty" doc:"a new employer pays from this month, YYYY-MM"`
	WaitUntil       *Month `json:"wait_until,omitempty" doc:"compare doing nothing until this month, YYYY-MM"`
	CareDate        *Date  `json:"care_date,omitempty" doc:"planned treatment date: options covering it rank first"`
	MonthlySpendFen Fen    `json:"monthly_spend_fen,omitempty" doc:"expected medical spending per month in fen, to price the uncovered months"`
	Agency          bool   `json:"agency,omitempty" doc:"the user asks about paying through an agency (代缴/挂靠): answered with a warning"`
	HorizonMonths   int    `json:"horizon_months,omitempty" doc:"months from the as-of month to compare over (default 12, at most 36)"`
}

// Person holds optional facts about the insured person. No names or ID numbers.
type Person struct {
	Birth *Date `json:"birth,omitempty" doc:"birth date, YYYY-MM-DD (newborn exemption, retirement)"`
	Sex   Sex   `json:"sex,omitempty" doc:"male or female"`
	Post  Post  `json:"post,omitempty" doc:"for women: cadre (original retirement age 55) or worker (50)"`
}

// Post is a woman's post for the statutory retirement age.
type Post string

// Posts.
const (
	Cadre  Post = "cadre"  // 女干部 (original age 55)
	Worker Post = "worker" // 女工人 (original age 50)
)

// Enum implements strictyaml.Enum.
func (Post) Enum() []string { return []string{"cadre", "worker"} }

// LedgerRow is a range of contribution months (费款所属期) with one scheme and status.
type LedgerRow struct {
	From    Month     `json:"from" doc:"first month, YYYY-MM"`
	To      Month     `json:"to" doc:"last month (inclusive), YYYY-MM"`
	Scheme  Scheme    `json:"scheme" doc:"employee, flexible (employee insurance) — residents use resident_years"`
	Status  PayStatus `json:"status" doc:"paid; unpaid = owed/arrears (欠费); none = not enrolled (未参保/停保)"`
	BaseFen Fen       `json:"base_fen,omitempty" doc:"monthly contribution base in fen (缴费基数)"`
	PaidOn  *Date     `json:"paid_on,omitempty" doc:"when the range was paid; a month paid after its due date is back-paid (补缴), decided month by month"`
	Due     *Date     `json:"due,omitempty" doc:"due date of the row's first month (缴费截止日); each later month of the row is due on the same day of its own month (clamped to the month's end). Default: the region's rule, else the last day of the contribution month"`
}

// DueOf returns the due date of month m of the row when the row gives one:
// the row's due date shifted by whole months, the day clamped to the month's end.
func (r LedgerRow) DueOf(m Month) (Date, bool) {
	if r.Due == nil {
		return 0, false
	}
	dm := r.Due.Month().Add(m.Sub(r.From))
	return DateOf(dm.Year(), dm.Num(), min(r.Due.Day(), dm.Last().Day())), true
}

// ResidentYear is one coverage year of residents' insurance that was paid.
type ResidentYear struct {
	Year        int    `json:"year" doc:"coverage year (待遇年度), e.g. 2026"`
	PaidOn      Date   `json:"paid_on" doc:"payment date, YYYY-MM-DD"`
	RepairYears int    `json:"repair_years,omitempty" doc:"extra lapse years paid to shorten the variable waiting period (缴费修复)"`
	Window      Window `json:"window,omitempty" doc:"which window the payment was in, if the region's windows are not encoded: concentrated, supplementary or other"`
	Claimed     bool   `json:"claimed,omitempty" doc:"the fund reimbursed something this year (no zero-claim reward for it)"`
	UsedReward  bool   `json:"used_reward,omitempty" doc:"a 大病 reimbursement this year used the raised cap (accumulated zero-claim reward cleared)"`
}

// Window is a residents' payment window.
type Window string

// Windows.
const (
	Concentrated  Window = "concentrated"  // 集中参保期
	Supplementary Window = "supplementary" // 补充缴费期
	OffWindow     Window = "other"         // 集中期和补充期之外
)

// Enum implements strictyaml.Enum.
func (Window) Enum() []string { return []string{"concentrated", "supplementary", "other"} }

// Event is something that happened on a date.
type Event struct {
	Date Date      `json:"date" doc:"YYYY-MM-DD"`
	Kind EventKind `json:"kind" doc:"job_ended, stopped, transfer_in or special_group"`
	From string    `json:"from,omitempty" doc:"for transfer_in: the region code transferred from"`
}

// Bill is a medical bill whose coverage the user asks about.
type Bill struct {
	Date      Date   `json:"date" doc:"date of treatment, YYYY-MM-DD"`
	AmountFen Fen    `json:"amount_fen" doc:"amount in fen, e.g. 800000 = 8,000.00元"`
	Note      string `json:"note,omitempty" doc:"free text, e.g. 门诊 or 住院"`
}

// QuoteRequest says how the user would back-pay.
type QuoteRequest struct {
	Scheme  Scheme `json:"scheme,omitempty" doc:"scheme to back-pay as (default: the scheme of the lapse)"`
	BaseFen Fen    `json:"base_fen,omitempty" doc:"chosen monthly base in fen (default: the regional minimum)"`
	Option  string `json:"option,omitempty" doc:"the alternative to price where the region offers several, as the region names it (e.g. 单建统筹); default: the region's default, with the others shown side by side"`
}

// Enum implements strictyaml.Enum.
func (Scheme) Enum() []string { return []string{"employee", "flexible", "resident"} }

// Enum implements strictyaml.Enum.
func (PayStatus) Enum() []string { return []string{"paid", "unpaid", "none"} }

// Enum implements strictyaml.Enum.
func (Sex) Enum() []string { return []string{"male", "female"} }

// Enum implements strictyaml.Enum.
func (EventKind) Enum() []string {
	return []string{"job_ended", "stopped", "transfer_in", "special_group"}
}

// Hint describes the expected text.
func (*Month) Hint() string { return "a month YYYY-MM" }

// Hint describes the expected text.
func (*Date) Hint() string { return "a date YYYY-MM-DD" }
