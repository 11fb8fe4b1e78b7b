package policy

// Param identifies a policy parameter. The engine reads parameters only by
// these identifiers, through a traced context; their meaning, unit and labels
// are in data/catalogue.yaml, and a test keeps the two lists identical.
type Param uint16

// Parameters. Names mirror the catalogue ids.
const (
	EmployeeGraceMonths           Param = iota // employee.grace_months
	EmployeeBackpayWithinGrace                 // employee.backpay_within_grace
	EmployeeRetroWithinGrace                   // employee.retro_within_grace
	EmployeeResumeAfterBackpay                 // employee.resume_after_backpay
	EmployeeBackpayBeyondGrace                 // employee.backpay_beyond_grace
	EmployeeWaitingMode                        // employee.waiting.mode
	EmployeeWaitingMonths                      // employee.waiting.months
	EmployeeWaitingDays                        // employee.waiting.days
	EmployeeWaitingCapMonths                   // employee.waiting.cap_months
	FlexibleWaitingMode                        // flexible.waiting.mode
	FlexibleWaitingMonths                      // flexible.waiting.months
	FlexibleWaitingDays                        // flexible.waiting.days
	FlexibleFirstWaitingMode                   // flexible.first_enrolment.waiting.mode
	FlexibleFirstWaitingMonths                 // flexible.first_enrolment.waiting.months
	FlexibleExemptWithinMonths                 // flexible.exempt_within_months
	SwitchMinContinuousMonths                  // switch.min_continuous_months
	EmployerLateFeeRate                        // employer.late_fee_rate_per_day
	EmployeeRateEmployer                       // employee.rate.employer
	EmployeeRateIndividual                     // employee.rate.individual
	EmployeeBaseMin                            // employee.base.min
	EmployeeBaseMax                            // employee.base.max
	FlexibleRate                               // flexible.rate
	FlexibleBaseMin                            // flexible.base.min
	FlexibleBaseMax                            // flexible.base.max
	FlexibleAddonMonthly                       // flexible.addon_monthly
	ContributionRounding                       // contribution.rounding
	ResidentFixedMonths                        // resident.waiting.fixed_months
	ResidentVariablePerYear                    // resident.waiting.variable_months_per_year
	ResidentVariableOffsetYears                // resident.waiting.variable_offset_years
	ResidentFloorMonths                        // resident.waiting.floor_months
	ResidentFloorLapseYears                    // resident.waiting.floor_lapse_years
	ResidentWindowConcentrated                 // resident.window.concentrated
	ResidentWindowSupplementary                // resident.window.supplementary
	ResidentSupplementaryWaitDays              // resident.supplementary.waiting_days
	ResidentOffWindow                          // resident.off_window
	ResidentIndividual                         // resident.contribution.individual
	ResidentSubsidy                            // resident.contribution.subsidy
	ResidentNewbornDays                        // resident.newborn.enrol_within_days
	ResidentLapseCountedFrom                   // resident.lapse_years_counted_from
	FlexibleAddonYearly                        // flexible.addon_yearly
	AverageWageMonthly                         // average_wage.monthly
	BaseFloorShare                             // contribution.base_floor_share
	BaseCeilingShare                           // contribution.base_ceiling_share
	ResidentIndividualMinor                    // resident.contribution.individual_minor
	IncentiveAfterYears                        // resident.incentive.after_years
	IncentiveContinuousStep                    // resident.incentive.continuous_step
	IncentiveZeroClaimStep                     // resident.incentive.zero_claim_step
	IncentiveCapShare                          // resident.incentive.cap_share
	IncentiveYearsCountedFrom                  // resident.incentive.years_counted_from
	IncentiveKeptAfterLapse                    // resident.incentive.kept_after_lapse
	CriticalIllnessCap                         // resident.critical_illness.cap
	RetireeMinYearsMale                        // retiree.min_years.male
	RetireeMinYearsFemale                      // retiree.min_years.female
	RetireeMinLocalYears                       // retiree.min_local_years
	RetireeTopUp                               // retiree.top_up
	RetireeTopUpBase                           // retiree.top_up.base
	RetireeTopUpRate                           // retiree.top_up.rate
	ServiceChannels                            // service.channels
	ContributionDueMonthOffset                 // contribution.due.month_offset
	ContributionDueDay                         // contribution.due.day
	EmployeeBenefitStart                       // employee.benefit_start
	EmployeeBenefitStartDays                   // employee.benefit_start_days
	FlexibleBenefitStart                       // flexible.benefit_start
	FlexibleBenefitStartDays                   // flexible.benefit_start_days
	EmployeeWaitingTiers                       // employee.waiting.tiers
	FlexibleWaitingTiers                       // flexible.waiting.tiers
	AverageWageProvincialYearly                // average_wage.provincial_yearly
	FlexibleAmountYearly                       // flexible.amount_yearly
	ResidentOffWindowWaitDays                  // resident.off_window.waiting_days
	NumParams                                  // number of parameters
)

var paramIDs = [NumParams]string{
	"employee.grace_months",
	"employee.backpay_within_grace",
	"employee.retro_within_grace",
	"employee.resume_after_backpay",
	"employee.backpay_beyond_grace",
	"employee.waiting.mode",
	"employee.waiting.months",
	"employee.waiting.days",
	"employee.waiting.cap_months",
	"flexible.waiting.mode",
	"flexible.waiting.months",
	"flexible.waiting.days",
	"flexible.first_enrolment.waiting.mode",
	"flexible.first_enrolment.waiting.months",
	"flexible.exempt_within_months",
	"switch.min_continuous_months",
	"employer.late_fee_rate_per_day",
	"employee.rate.employer",
	"employee.rate.individual",
	"employee.base.min",
	"employee.base.max",
	"flexible.rate",
	"flexible.base.min",
	"flexible.base.max",
	"flexible.addon_monthly",
	"contribution.rounding",
	"resident.waiting.fixed_months",
	"resident.waiting.variable_months_per_year",
	"resident.waiting.variable_offset_years",
	"resident.waiting.floor_months",
	"resident.waiting.floor_lapse_years",
	"resident.window.concentrated",
	"resident.window.supplementary",
	"resident.supplementary.waiting_days",
	"resident.off_window",
	"resident.contribution.individual",
	"resident.contribution.subsidy",
	"resident.newborn.enrol_within_days",
	"resident.lapse_years_counted_from",
	"flexible.addon_yearly",
	"average_wage.monthly",
	"contribution.base_floor_share",
	"contribution.base_ceiling_share",
	"resident.contribution.individual_minor",
	"resident.incentive.after_years",
	"resident.incentive.continuous_step",
	"resident.incentive.zero_claim_step",
	"resident.incentive.cap_share",
	"resident.incentive.years_counted_from",
	"resident.incentive.kept_after_lapse",
	"resident.critical_illness.cap",
	"retiree.min_years.male",
	"retiree.min_years.female",
	"retiree.min_local_years",
	"retiree.top_up",
	"retiree.top_up.base",
	"retiree.top_up.rate",
	"service.channels",
	"contribution.due.month_offset",
	"contribution.due.day",
	"employee.benefit_start",
	"employee.benefit_start_days",
	"flexible.benefit_start",
	"flexible.benefit_start_days",
	"employee.waiting.tiers",
	"flexible.waiting.tiers",
	"average_wage.provincial_yearly",
	"flexible.amount_yearly",
	"resident.off_window.waiting_days",
}

// String returns the catalogue id of p.
func (p Param) String() string {
	if p < NumParams {
		return paramIDs[p]
	}
	return "param?"
}

// ParamByID returns the Param with catalogue id s.
func ParamByID(s string) (Param, bool) {
	p, ok := paramByID[s]
	return p, ok
}

// paramByID is paramIDs inverted, a constant table.
var paramByID = func() map[string]Param {
	m := make(map[string]Param, NumParams)
	for i, id := range paramIDs {
		m[id] = Param(i)
	}
	return m
}()

// Unit is the closed vocabulary of parameter units.
type Unit string

// Units.
const (
	UnitMonth     Unit = "month"       // integer months
	UnitDay       Unit = "day"         // integer days
	UnitYear      Unit = "year"        // integer years, or a calendar year
	UnitYuan      Unit = "yuan"        // money written in yuan ("400", "7546.00"), held as fen
	UnitRate      Unit = "rate"        // a percentage ("8.5%")
	UnitBool      Unit = "bool"        // true/false
	UnitEnum      Unit = "enum"        // one of the catalogue's values
	UnitDateRange Unit = "date_range"  // {from: YYYY-MM-DD, to: YYYY-MM-DD}
	UnitRounding  Unit = "rounding"    // UNIT:MODE, e.g. fen:half_up, jiao:up (见分进角)
	UnitText      Unit = "text"        // a short zh text shown as written (channels, notes)
	UnitTiers     Unit = "month_tiers" // months keyed by lapse length: "4-6: 1, 7-: 6"
)

var units = []Unit{UnitMonth, UnitDay, UnitYear, UnitYuan, UnitRate, UnitBool, UnitEnum, UnitDateRange, UnitRounding, UnitText, UnitTiers}
