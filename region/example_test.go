package region_test

import (
	"fmt"

	"yibao/region"
)

func Example() {
	reg := region.Default()

	rs, _ := reg.Lookup("黔南州")
	fmt.Println(rs[0].Code, rs[0].Name, rs[0].Short)

	fmt.Println(reg.FullName("510521"))
	for _, code := range []string{"510521", "310104", "429004", "510500"} {
		p := reg.PoolingRegion(code)
		fmt.Println(code, "→", p.Code, p.Name)
	}

	_, err := reg.Lookup("泸洲")
	fmt.Println(err)
	// Output:
	// 522700 黔南布依族苗族自治州 黔南
	// 四川省泸州市泸县
	// 510521 → 510500 泸州市
	// 310104 → 310000 上海市
	// 429004 → 429004 仙桃市
	// 510500 → 510500 泸州市
	// region: no region matches "泸洲"; did you mean 泸州市 (510500), 株洲市 (430200), 东洲区 (210403), 秀洲区 (330411), 新洲区 (420117)?
}
